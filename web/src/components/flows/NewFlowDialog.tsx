import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Flow, Project, StarterProject } from '../../api/types';
import { emptyFlowData, normaliseFlowData } from '../../lib/flowData';
import { useAsync } from '../../lib/useAsync';
import { Alert } from '../Alert';
import { Dialog } from '../Dialog';
import { SelectField, TextField } from '../Field';
import { Spinner } from '../Spinner';
import { createFlow, listStarters } from './api';

export function NewFlowDialog({ projects, defaultProjectId, onClose, onCreated }: { projects: Project[]; defaultProjectId: string | null; onClose: () => void; onCreated: (flow: Flow) => void }) {
  const starters = useAsync((signal) => listStarters(signal), []);
  const [template, setTemplate] = useState<number>(-1);
  const [name, setName] = useState('Untitled flow');
  const [nameTouched, setNameTouched] = useState(false);
  const [projectId, setProjectId] = useState(defaultProjectId ?? projects[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (index: number, starter: StarterProject | null) => {
    setTemplate(index);
    if (!nameTouched) setName(starter ? starter.name : 'Untitled flow');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the flow a name.');
      return;
    }
    const starter = template >= 0 ? starters.data?.[template] : null;
    setBusy(true);
    setError(null);
    try {
      const flow = await createFlow({
        name: name.trim(),
        description: starter?.description ?? null,
        data: starter ? normaliseFlowData(starter.data) : emptyFlowData(),
        folder_id: projectId || null,
      });
      onCreated(flow);
    } catch (reason) {
      setError(errorMessage(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="New Flow"
      size="lg"
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="new-flow-form" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form id="new-flow-form" className="form" onSubmit={submit} noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="form-row">
          <TextField
            label="Name"
            value={name}
            onChange={(v) => {
              setName(v);
              setNameTouched(true);
            }}
            autoFocusField
            required
          />
          {projects.length > 0 ? <SelectField label="Project" value={projectId} onChange={setProjectId} options={projects.map((p) => ({ value: p.id, label: p.name }))} /> : null}
        </div>
        <fieldset className="templates">
          <legend className="field-label">Start from</legend>
          <label className={`template ${template === -1 ? 'is-selected' : ''}`}>
            <input type="radio" name="template" checked={template === -1} onChange={() => choose(-1, null)} />
            <span className="template-name">Blank flow</span>
            <span className="template-desc">An empty canvas.</span>
          </label>
          {starters.loading ? (
            <div className="templates-loading">
              <Spinner label="Loading templates" /> Loading templates…
            </div>
          ) : null}
          {starters.error ? <p className="muted">Templates are unavailable: {starters.error.message}</p> : null}
          {starters.data?.map((starter, index) => (
            <label key={`${starter.name}-${index}`} className={`template ${template === index ? 'is-selected' : ''}`}>
              <input type="radio" name="template" checked={template === index} onChange={() => choose(index, starter)} />
              <span className="template-name">{starter.name}</span>
              <span className="template-desc">{starter.description || 'Starter project'}</span>
            </label>
          ))}
        </fieldset>
      </form>
    </Dialog>
  );
}
