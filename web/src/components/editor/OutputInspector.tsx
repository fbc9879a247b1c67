// The output inspector, as Langflow's "Component Output": every output of one node from its last
// run, shown by type — text as text, a Message as its text with sender, Data as its fields, a
// list of records (a DataFrame) as a table, anything else as JSON — and a failure as its error.
import type { FlowNode } from '../../api/types';
import { nodeTitle } from '../../lib/flowData';
import { Dialog } from '../Dialog';
import type { NodeRun, OutputValue } from './buildEvents';
import { outputsOf } from './graphModel';

const MAX_ROWS = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function RecordsTable({ rows, caption }: { rows: Record<string, unknown>[]; caption: string }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <div className="table-wrap inspector-table">
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column}>{cell(row[column])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > MAX_ROWS ? <p className="muted small">First {MAX_ROWS} of {rows.length} rows.</p> : null}
    </div>
  );
}

function OutputBody({ output, label }: { output: OutputValue; label: string }) {
  const { type, message } = output;
  if (type === 'error') {
    const text = isRecord(message) && typeof message.errorMessage === 'string' ? message.errorMessage : cell(message);
    const trace = isRecord(message) && typeof message.stackTrace === 'string' ? message.stackTrace : '';
    return (
      <div className="inspector-error" role="alert">
        <p>{text}</p>
        {trace ? (
          <details>
            <summary>Details</summary>
            <pre className="inspector-pre">{trace}</pre>
          </details>
        ) : null}
      </div>
    );
  }
  if (typeof message === 'string') return message ? <pre className="inspector-pre inspector-text">{message}</pre> : <p className="muted">Empty text.</p>;
  if (type === 'message' && isRecord(message) && typeof message.text === 'string') {
    const who = [message.sender_name, message.sender].find((v) => typeof v === 'string' && v);
    return (
      <div>
        {who ? <p className="muted small">Message from {String(who)}</p> : null}
        <pre className="inspector-pre inspector-text">{message.text}</pre>
      </div>
    );
  }
  if (Array.isArray(message) && message.length > 0 && message.every(isRecord)) return <RecordsTable rows={message} caption={`${label}: table`} />;
  if (isRecord(message) && (type === 'data' || type === 'object')) {
    const entries = Object.entries(message);
    if (entries.length === 0) return <p className="muted">No fields.</p>;
    return (
      <dl className="inspector-fields">
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{typeof value === 'string' ? value : <pre className="inspector-pre">{JSON.stringify(value, null, 2)}</pre>}</dd>
          </div>
        ))}
      </dl>
    );
  }
  if (message === null || message === undefined || message === '') return <p className="muted">No value.</p>;
  return <pre className="inspector-pre">{JSON.stringify(message, null, 2)}</pre>;
}

export const STATUS_TEXT: Record<NodeRun['status'], string> = {
  queued: 'Waiting',
  running: 'Running',
  built: 'Built',
  error: 'Failed',
  inactive: 'Not run',
};

export function OutputInspector({ node, run, onClose }: { node: FlowNode; run: NodeRun | undefined; onClose: () => void }) {
  const title = nodeTitle(node);
  const ports = outputsOf(node);
  const names = [...new Set([...ports.map((p) => p.name), ...Object.keys(run?.outputs ?? {})])];
  const labelOf = (name: string) => ports.find((p) => p.name === name)?.display_name ?? name;
  return (
    <Dialog
      title={`Output of ${title}`}
      size="lg"
      onClose={onClose}
      description={run ? `${STATUS_TEXT[run.status]}${run.duration ? ` in ${run.duration}` : ''}.` : 'Not run yet: use the run button on the component to run the flow up to it.'}
    >
      {run?.error ? (
        <div className="inspector-error" role="alert">
          <p>{run.error}</p>
        </div>
      ) : null}
      {run
        ? names.map((name) => {
            const output = run.outputs[name];
            if (!output) return null;
            if (output.type === 'error' && run.error) return null;
            return (
              <section key={name} className="inspector-output" aria-label={`${labelOf(name)} (${output.type})`}>
                <h3 className="inspector-output-title">
                  {labelOf(name)} <span className="muted small">({output.type})</span>
                </h3>
                <OutputBody output={output} label={labelOf(name)} />
              </section>
            );
          })
        : null}
    </Dialog>
  );
}
