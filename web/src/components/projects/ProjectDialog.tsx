// Create or rename a project (name and description).
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Project } from '../../api/types';
import { Alert } from '../Alert';
import { Dialog } from '../Dialog';
import { TextAreaField, TextField } from '../Field';
import { createProject, renameProject } from './api';

export function ProjectDialog({ project, onClose, onSaved }: { project?: Project; onClose: () => void; onSaved: (project: Project) => void }) {
  const [name, setName] = useState(project?.name ?? '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = project ? 'Rename project' : 'New project';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the project a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(project ? await renameProject(project.id, name.trim(), description) : await createProject(name.trim(), description));
    } catch (reason) {
      setError(errorMessage(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="project-form" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : project ? 'Save' : 'Create'}
          </button>
        </>
      }
    >
      <form id="project-form" className="form" onSubmit={submit} noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <TextField label="Name" value={name} onChange={setName} autoFocusField required />
        <TextAreaField label="Description" value={description} onChange={setDescription} rows={3} />
      </form>
    </Dialog>
  );
}
