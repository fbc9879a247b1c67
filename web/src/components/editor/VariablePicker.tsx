// The globe on a field: load the field's value from one of the user's global variables
// (Langflow's load_from_db). Credential variables are offered only on secret fields; a Generic
// variable can be created here without leaving the editor.
import { useId, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Variable } from '../../api/types';

export interface VariablePickerProps {
  fieldLabel: string;
  secret: boolean;
  current: string | null;
  variables: Variable[];
  onPick: (name: string | null) => void;
  onCreated: () => void;
}

function GlobeIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <circle cx="12" cy="12" r="10" />
      <path d="M2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z" />
    </svg>
  );
}

export function VariablePicker({ fieldLabel, secret, current, variables, onPick, onCreated }: VariablePickerProps) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const offered = variables.filter((v) => secret || v.type !== 'Credential');

  async function create() {
    setError(null);
    try {
      await api.post('/variables/', { name: name.trim(), value, type: 'Generic', default_fields: [] });
      onCreated();
      onPick(name.trim());
      setOpen(false);
      setName('');
      setValue('');
    } catch (reason) {
      setError(errorMessage(reason));
    }
  }

  return (
    <div className="variable-picker">
      <button
        type="button"
        className={`btn btn-sm btn-icon ${current ? 'is-active' : ''}`}
        aria-label={`Global variable for ${fieldLabel}`}
        aria-expanded={open}
        aria-controls={listId}
        title="Use a global variable"
        onClick={() => setOpen((o) => !o)}
      >
        <GlobeIcon />
      </button>
      {open ? (
        <div id={listId} className="variable-menu" role="group" aria-label={`Global variables for ${fieldLabel}`}>
          {offered.length === 0 ? <p className="muted small">No {secret ? '' : 'Generic '}variables yet.</p> : null}
          <ul>
            {offered.map((variable) => (
              <li key={variable.id}>
                <button type="button" className="btn btn-sm" aria-pressed={current === variable.name} onClick={() => { onPick(variable.name); setOpen(false); }}>
                  {variable.name} <span className="muted small">{variable.type ?? 'Generic'}</span>
                </button>
              </li>
            ))}
          </ul>
          {current ? (
            <button type="button" className="btn btn-sm" onClick={() => { onPick(null); setOpen(false); }}>
              Stop using {current}
            </button>
          ) : null}
          <form
            className="variable-create"
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
          >
            <input className="input" aria-label="New variable name" placeholder="New variable name" value={name} onChange={(e) => setName(e.target.value)} required />
            <input className="input" aria-label="New variable value" placeholder="Value" value={value} onChange={(e) => setValue(e.target.value)} required />
            <button type="submit" className="btn btn-sm">Create Generic variable</button>
            {error ? <p className="field-error" role="alert">{error}</p> : null}
          </form>
        </div>
      ) : null}
    </div>
  );
}
