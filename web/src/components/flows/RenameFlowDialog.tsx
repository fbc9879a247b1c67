import type { Flow } from '../../api/types';
import { NameDescriptionDialog } from '../NameDescriptionDialog';
import { updateFlow } from './api';

export function RenameFlowDialog({ flow, onClose, onSaved }: { flow: Flow; onClose: () => void; onSaved: (flow: Flow) => void }) {
  return (
    <NameDescriptionDialog
      title="Rename flow"
      submitLabel="Save"
      initialName={flow.name}
      initialDescription={flow.description ?? ''}
      nameRequired="Give the flow a name."
      onClose={onClose}
      onSubmit={async (name, description) => {
        // The description is sent only when it changed.
        const patch: { name: string; description?: string } = { name };
        if (description !== (flow.description ?? '')) patch.description = description;
        onSaved(await updateFlow(flow.id, patch));
      }}
    />
  );
}
