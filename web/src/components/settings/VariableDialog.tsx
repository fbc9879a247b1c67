// Add or edit a global variable. Credential values are write-only: the server never sends
// them back, and the form is discarded (the input cleared) as soon as it is saved.
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Variable, VariableType } from '../../api/types';
import { Alert } from '../Alert';
import { Dialog } from '../Dialog';
import { SelectField, TextAreaField, TextField } from '../Field';

function parseFields(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function VariableDialog({ variable, onClose, onSaved }: { variable: Variable | null; onClose: () => void; onSaved: (variable: Variable) => void }) {
  const editing = variable !== null;
  const [name, setName] = useState(variable?.name ?? '');
  const [type, setType] = useState<VariableType>(variable?.type === 'Generic' ? 'Generic' : 'Credential');
  const [value, setValue] = useState(variable && variable.type === 'Generic' ? (variable.value ?? '') : '');
  const [fields, setFields] = useState((variable?.default_fields ?? []).join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const credential = type === 'Credential';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Enter a name.');
      return;
    }
    if (!editing && !value) {
      setError('Enter a value.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let saved: Variable;
      if (editing) {
        const body: Record<string, unknown> = { id: variable.id, name: name.trim(), default_fields: parseFields(fields) };
        if (!credential || value) body.value = value;
        saved = await api.patch<Variable>(`/variables/${encodeURIComponent(variable.id)}`, body);
      } else {
        saved = await api.post<Variable>('/variables/', { name: name.trim(), value, type, default_fields: parseFields(fields) });
      }
      setValue('');
      onSaved(saved);
    } catch (reason) {
      setError(errorMessage(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={editing ? `Edit ${variable.name}` : 'Add Variable'}
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="variable-form" className="btn btn-primary" disabled={busy}>
            Save
          </button>
        </>
      }
    >
      <form id="variable-form" className="form" onSubmit={submit} noValidate autoComplete="off">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <TextField label="Name" value={name} onChange={setName} placeholder="e.g. OPENAI_API_KEY" spellCheck={false} autoFocusField />
        <SelectField
          label="Type"
          value={type}
          onChange={(v) => setType(v === 'Generic' ? 'Generic' : 'Credential')}
          disabled={editing}
          options={[
            { value: 'Credential', label: 'Credential (secret, write-only)' },
            { value: 'Generic', label: 'Generic (plain text)' },
          ]}
          hint={credential ? 'Credentials are encrypted and never shown again after saving.' : 'Generic values are shown in the list.'}
        />
        {credential ? (
          <TextField
            label="Value"
            type="password"
            value={value}
            onChange={setValue}
            autoComplete="new-password"
            spellCheck={false}
            placeholder={editing ? 'Leave empty to keep the current value' : ''}
          />
        ) : (
          <TextAreaField label="Value" value={value} onChange={setValue} rows={3} spellCheck={false} />
        )}
        <TextField label="Apply to fields" value={fields} onChange={setFields} placeholder="e.g. openai_api_key, api_key" hint="Optional: component fields that use this variable by default, separated by commas." />
      </form>
    </Dialog>
  );
}
