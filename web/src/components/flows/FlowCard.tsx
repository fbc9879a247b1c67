import type { Flow } from '../../api/types';
import { formatDate, formatRelative } from '../../lib/dates';
import { Link } from '../../router';

export interface FlowCardActions {
  onRename: (flow: Flow) => void;
  onDuplicate: (flow: Flow) => void;
  onExport: (flow: Flow) => void;
  onMove: (flow: Flow) => void;
  onDelete: (flow: Flow) => void;
}

function componentCount(flow: Flow): number | null {
  const nodes = flow.data && Array.isArray(flow.data.nodes) ? flow.data.nodes : null;
  return nodes ? nodes.filter((n) => n && n.type !== 'noteNode').length : null;
}

const HUES = [243, 262, 200, 160, 24, 340, 190, 280];

/** A stable colour per flow, from its id. */
function flowHue(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i += 1) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return HUES[hash % HUES.length];
}

export function FlowCard({ flow, busy, actions }: { flow: Flow; busy: boolean; actions: FlowCardActions }) {
  const count = componentCount(flow);
  return (
    <article className="flow-card" aria-busy={busy}>
      <div className="flow-card-main">
        <span className="flow-icon" aria-hidden="true" style={{ background: `linear-gradient(135deg, hsl(${flowHue(flow.id)} 70% 58%), hsl(${(flowHue(flow.id) + 40) % 360} 70% 48%))` }}>
          {flow.name.trim().charAt(0) || '?'}
        </span>
        <h3 className="flow-card-title">
          <Link to={`/flows/${encodeURIComponent(flow.id)}`} className="flow-card-link">
            {flow.name}
          </Link>
        </h3>
        <p className="flow-card-desc">{flow.description || 'No description'}</p>
        <div className="flow-card-meta">
          <span title={formatDate(flow.updated_at)}>Edited {formatRelative(flow.updated_at)}</span>
          {count !== null ? (
            <span>
              {count} component{count === 1 ? '' : 's'}
            </span>
          ) : null}
          {flow.is_component ? <span className="badge">Component</span> : null}
          {flow.endpoint_name ? <span className="badge badge-mono" title="Endpoint name">/{flow.endpoint_name}</span> : null}
        </div>
      </div>
      <div className="flow-card-actions">
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => actions.onRename(flow)} disabled={busy}>
          Rename<span className="sr-only"> {flow.name}</span>
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => actions.onDuplicate(flow)} disabled={busy}>
          Duplicate<span className="sr-only"> {flow.name}</span>
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => actions.onExport(flow)} disabled={busy}>
          Export<span className="sr-only"> {flow.name}</span>
        </button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => actions.onMove(flow)} disabled={busy}>
          Move<span className="sr-only"> {flow.name}</span>
        </button>
        <button type="button" className="btn btn-ghost btn-sm btn-danger-text" onClick={() => actions.onDelete(flow)} disabled={busy}>
          Delete<span className="sr-only"> {flow.name}</span>
        </button>
      </div>
    </article>
  );
}
