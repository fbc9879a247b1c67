// A dialog with a name and a description: renaming a flow, creating or renaming a project.
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { Alert } from './Alert';
import { Dialog } from './Dialog';
import { TextAreaField, TextField } from './Field';

export interface NameDescriptionDialogProps {
  title: string;
  submitLabel: string;
  initialName?: string;
  initialDescription?: string;
  /** Said when the name is empty ("Give the flow a name."). */
  nameRequired: string;
  /** Saves; its error is shown in the dialog, which then stays open. */
  onSubmit: (name: string, description: string) => Promise<void>;
  onClose: () => void;
}

export function NameDescriptionDialog({ title, submitLabel, initialName = '', initialDescription = '', nameRequired, onSubmit, onClose }: NameDescriptionDialogProps) {
  const formId = useId();
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(nameRequired);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim(), description);
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
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <TextField label="Name" value={name} onChange={setName} autoFocusField required />
        <TextAreaField label="Description" value={description} onChange={setDescription} rows={3} />
      </form>
    </Dialog>
  );
}
