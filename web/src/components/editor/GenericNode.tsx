// One component on the canvas, drawn as Langflow draws it: title, the fields that take a
// connection (a handle on the left, "connected" once something feeds them), the other visible
// fields' values, and the outputs (handles on the right). Values are edited in the side panel.
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { FlowData, FlowNode } from '../../api/types';
import { editableFields, nodeDescription, nodeTitle } from '../../lib/flowData';
import { edgeField, inputHandle, inputsOf, missingPromptVariables, outputHandle, outputsOf } from './graphModel';

export interface GenericNodeData extends Record<string, unknown> {
  node: FlowNode;
  flow: FlowData;
}

export type CanvasNode = Node<GenericNodeData, 'genericNode'>;

const MAX_VALUES = 4;

function preview(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

export function GenericNode({ data, selected }: NodeProps<CanvasNode>) {
  const { node, flow } = data;
  const connected = new Set(flow.edges.filter((e) => e.target === node.id).map(edgeField));
  // As Langflow's nodes: advanced fields stay in the panel unless something is connected to them.
  const inputs = inputsOf(node).filter((input) => input.field.advanced !== true || connected.has(input.name));
  const inputNames = new Set(inputsOf(node).map((i) => i.name));
  const values = editableFields(node).filter((f) => !f.advanced && !inputNames.has(f.key));
  const missing = missingPromptVariables(flow, node);
  const description = nodeDescription(node);
  return (
    <div className={`canvas-node ${selected ? 'is-selected' : ''}`} data-node-id={node.id}>
      <div className="canvas-node-title">{nodeTitle(node)}</div>
      {description ? <div className="canvas-node-description">{description}</div> : null}
      {missing.length ? (
        <div className="canvas-node-warning" role="status">
          No value for {missing.map((m) => `{${m}}`).join(', ')}
        </div>
      ) : null}
      {inputs.map((input) => {
        const isConnected = connected.has(input.name);
        const required = input.field.required === true && !isConnected;
        return (
          <div key={input.name} className="canvas-port canvas-port-in">
            <Handle
              type="target"
              position={Position.Left}
              id={inputHandle(input.name)}
              className="canvas-handle"
              title={`${input.label}: accepts ${input.accepts.join(', ')}`}
              aria-label={`${input.label} input (accepts ${input.accepts.join(', ')})`}
            />
            <span className="canvas-port-label">
              {input.label}
              {required ? <span className="required" aria-label="required"> *</span> : null}
            </span>
            <span className={`canvas-port-state ${isConnected ? 'is-connected' : ''}`}>{isConnected ? 'connected' : preview(input.field.value)}</span>
          </div>
        );
      })}
      {values.slice(0, MAX_VALUES).map((field) => (
        <div key={field.key} className="canvas-port">
          <span className="canvas-port-label">{field.label}</span>
          <span className="canvas-port-state">{field.fromVariable ? `$${preview(field.value)}` : field.kind === 'secret' && field.value ? '••••••' : preview(field.value)}</span>
        </div>
      ))}
      {values.length > MAX_VALUES ? <div className="canvas-port muted small">+{values.length - MAX_VALUES} more in the panel</div> : null}
      <div className="canvas-outputs">
        {outputsOf(node).map((output) => (
          <div key={output.name} className="canvas-port canvas-port-out">
            <span className="canvas-port-label">{output.display_name ?? output.name}</span>
            <span className="canvas-port-types muted small">{output.types.join(' | ')}</span>
            <Handle
              type="source"
              position={Position.Right}
              id={outputHandle(output.name)}
              className="canvas-handle"
              title={`${output.display_name ?? output.name}: ${output.types.join(', ')}`}
              aria-label={`${output.display_name ?? output.name} output (${output.types.join(', ')})`}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
