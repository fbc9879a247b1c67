// Create an API key, then show the full key once with a Copy button.
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CreatedApiKey } from '../../api/types';
import { Alert } from '../Alert';
import { CopyButton } from '../CopyButton';
import { Dialog } from '../Dialog';
import { TextField } from '../Field';

export function CreateApiKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the key a name, so you can tell it apart later.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const key = await api.post<CreatedApiKey>('/api_key/', { name: name.trim() });
      setCreated({ name: key.name ?? name.trim(), key: key.api_key });
      onCreated();
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  const done = () => {
    setCreated(null);
    onClose();
  };

  if (created) {
    return (
      <Dialog
        title="API key created"
        onClose={done}
        footer={
          <button type="button" className="btn btn-primary" onClick={done}>
            Done
          </button>
        }
      >
        <Alert tone="warning" title="Copy this key now">
          This is the only time the key is shown. It will not be shown again: store it somewhere safe, such as a password manager or your deployment’s secrets.
        </Alert>
        <div className="field">
          <label htmlFor="new-api-key" className="field-label">
            API key “{created.name}”
          </label>
          <div className="input-with-button">
            <input id="new-api-key" className="input mono" value={created.key} readOnly onFocus={(e) => e.target.select()} data-autofocus spellCheck={false} />
            <CopyButton text={created.key} what="API key" className="btn" />
          </div>
          <div className="field-hint">
            Send it in the <code>x-api-key</code> header.
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Create API Key"
      busy={busy}
      onClose={onClose}
      description="API keys let scripts and the Langflow client run your flows as you."
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="api-key-form" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form id="api-key-form" className="form" onSubmit={submit} noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <TextField label="Name" value={name} onChange={setName} placeholder="e.g. CI pipeline" autoFocusField maxLength={100} />
      </form>
    </Dialog>
  );
}
