// Move a flow to another of the user's projects.
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Flow, Project } from '../../api/types';
import { Alert } from '../Alert';
import { Dialog } from '../Dialog';
import { moveFlow } from './api';

export function MoveFlowDialog({ flow, projects, onClose, onMoved }: { flow: Flow; projects: Project[]; onClose: () => void; onMoved: (flow: Flow, project: Project) => void }) {
  const others = projects.filter((p) => p.id !== flow.folder_id);
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const project = others.find((p) => p.id === target);
    if (!project) return;
    setBusy(true);
    setError(null);
    try {
      onMoved(await moveFlow(flow.id, project.id), project);
    } catch (reason) {
      setError(errorMessage(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Move “${flow.name}”`}
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="move-flow-form" className="btn btn-primary" disabled={busy || !target}>
            {busy ? 'Moving…' : 'Move'}
          </button>
        </>
      }
    >
      <form id="move-flow-form" className="form" onSubmit={submit} noValidate>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {others.length === 0 ? (
          <p className="muted">There is no other project to move it to. Create one first.</p>
        ) : (
          <div className="field">
            <label htmlFor={selectId} className="field-label">
              Project
            </label>
            <select id={selectId} className="input select" value={target} onChange={(e) => setTarget(e.target.value)}>
              {others.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
    </Dialog>
  );
}
