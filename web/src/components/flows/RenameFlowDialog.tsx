import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Flow } from '../../api/types';
import { Alert } from '../Alert';
import { Dialog } from '../Dialog';
import { TextAreaField, TextField } from '../Field';
import { updateFlow } from './api';

export function RenameFlowDialog({ flow, onClose, onSaved }: { flow: Flow; onClose: () => void; onSaved: (flow: Flow) => void }) {
  const [name, setName] = useState(flow.name);
  const [description, setDescription] = useState(flow.description ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the flow a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const patch: { name: string; description?: string } = { name: name.trim() };
      if (description !== (flow.description ?? '')) patch.description = description;
      onSaved(await updateFlow(flow.id, patch));
    } catch (reason) {
      setError(errorMessage(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Rename flow"
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="rename-flow-form" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form id="rename-flow-form" className="form" onSubmit={submit} noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <TextField label="Name" value={name} onChange={setName} autoFocusField required />
        <TextAreaField label="Description" value={description} onChange={setDescription} rows={3} />
      </form>
    </Dialog>
  );
}
