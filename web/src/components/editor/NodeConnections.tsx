// The keyboard's way to connect (dragging handle to handle needs a pointer): for each input of a
// node that takes a connection, what feeds it (with Disconnect) and a list of the compatible
// outputs of the other nodes to connect from. The same rules as the canvas (canConnect).
import type { FlowData } from '../../api/types';
import { nodeTitle } from '../../lib/flowData';
import { canConnect, edgeField, edgeOutput, inputsOf, outputsOf } from './graphModel';

export interface NodeConnectionsProps {
  data: FlowData;
  nodeId: string;
  onConnect: (sourceId: string, output: string, field: string) => void;
  onDisconnect: (edgeId: string) => void;
}

const SEP = '\u0000';

export function NodeConnections({ data, nodeId, onConnect, onDisconnect }: NodeConnectionsProps) {
  const node = data.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const ports = inputsOf(node);
  if (ports.length === 0) return null;
  const titleOf = (id: string) => {
    const source = data.nodes.find((n) => n.id === id);
    return source ? nodeTitle(source) : id;
  };
  const incoming = data.edges.map((edge, index) => ({ edge, id: String(edge.id ?? `edge-${index}`) })).filter(({ edge }) => edge.target === nodeId);
  const connectedCount = ports.filter((port) => incoming.some(({ edge }) => edgeField(edge) === port.name)).length;

  return (
    <details className="param-advanced node-connections">
      <summary>
        Connections ({connectedCount} of {ports.length} inputs connected)
      </summary>
      {ports.map((port) => {
        const feeding = incoming.filter(({ edge }) => edgeField(edge) === port.name);
        const options = data.nodes.flatMap((source) =>
          outputsOf(source)
            .filter((output) => canConnect(data, source.id, output.name, nodeId, port.name))
            .map((output) => ({ value: `${source.id}${SEP}${output.name}`, label: `${nodeTitle(source)} · ${output.display_name ?? output.name}` })),
        );
        return (
          <div key={port.name} className="field node-connection">
            <span className="field-label">{port.label}</span>
            {feeding.map(({ edge, id }) => (
              <div key={id} className="node-connection-row">
                <span>
                  from {titleOf(edge.source)} · {edgeOutput(edge)}
                </span>
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => onDisconnect(id)} aria-label={`Disconnect ${port.label} from ${titleOf(edge.source)}`}>
                  Disconnect
                </button>
              </div>
            ))}
            {options.length ? (
              <select
                className="input select input-sm"
                aria-label={`Connect ${port.label} from`}
                value=""
                onChange={(event) => {
                  const [sourceId, output] = event.target.value.split(SEP);
                  if (sourceId && output) onConnect(sourceId, output, port.name);
                }}
              >
                <option value="">Connect from… (accepts {port.accepts.join(', ')})</option>
                {options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : feeding.length === 0 ? (
              <span className="muted small">No component here has an output of type {port.accepts.join(', ')}.</span>
            ) : null}
          </div>
        );
      })}
    </details>
  );
}
