// Create or rename a project (name and description).
import type { Project } from '../../api/types';
import { NameDescriptionDialog } from '../NameDescriptionDialog';
import { createProject, renameProject } from './api';

export function ProjectDialog({ project, onClose, onSaved }: { project?: Project; onClose: () => void; onSaved: (project: Project) => void }) {
  return (
    <NameDescriptionDialog
      title={project ? 'Rename project' : 'New project'}
      submitLabel={project ? 'Save' : 'Create'}
      initialName={project?.name}
      initialDescription={project?.description ?? ''}
      nameRequired="Give the project a name."
      onClose={onClose}
      onSubmit={async (name, description) =>
        onSaved(project ? await renameProject(project.id, name, description) : await createProject(name, description))
      }
    />
  );
}
