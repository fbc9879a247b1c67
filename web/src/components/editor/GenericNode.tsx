// One component on the canvas, drawn as Langflow draws it: title, the fields that take a
// connection (a handle on the left, "connected" once something feeds them), the other visible
// fields' values, and the outputs (handles on the right). Values are edited in the side panel.
// As Langflow's, a node has a run button (the flow up to it), shows its run status and error,
// each output's last value, and opens the output inspector.
import { useEffect } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps, type Node } from '@xyflow/react';
import type { FlowData, FlowNode } from '../../api/types';
import { editableFields, modelLabel, nodeDescription, nodeTitle } from '../../lib/flowData';
import { outputSummary } from './buildEvents';
import { edgeField, inputHandle, inputsOf, missingPromptVariables, outputHandle, outputsOf } from './graphModel';
import { STATUS_TEXT } from './OutputInspector';
import { useNodeRunsContext } from './useNodeRuns';

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
  const runs = useNodeRunsContext();
  const run = runs?.state.nodes[node.id];
  const title = nodeTitle(node);
  // React Flow measures handles when a node resizes; a node whose handles change at the same size
  // (tool mode swaps an output for the Toolset) must be measured again, or the new handle cannot
  // be connected.
  const updateNodeInternals = useUpdateNodeInternals();
  const handles = [...inputs.map((input) => inputHandle(input.name)), ...outputsOf(node).map((output) => outputHandle(output.name))].join(' ');
  useEffect(() => updateNodeInternals(node.id), [handles, node.id, updateNodeInternals]);
  return (
    <div className={`canvas-node ${selected ? 'is-selected' : ''} ${run ? `run-${run.status}` : ''}`} data-node-id={node.id}>
      <div className="canvas-node-head">
        <div className="canvas-node-title">{title}</div>
        {run ? (
          <span className={`canvas-run-status is-${run.status}`} data-run-status={run.status}>
            {STATUS_TEXT[run.status]}
            {run.status === 'built' && run.duration ? ` · ${run.duration}` : ''}
          </span>
        ) : null}
        {runs ? (
          <>
            <button
              type="button"
              className="canvas-node-btn nodrag nopan"
              aria-label={`Inspect output of ${title}`}
              title="Inspect output"
              onClick={() => runs.inspect(node.id)}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path d="M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z" fill="none" stroke="currentColor" strokeWidth="1.4" />
                <circle cx="8" cy="8" r="2" fill="currentColor" />
              </svg>
            </button>
            <button
              type="button"
              className="canvas-node-btn canvas-run-btn nodrag nopan"
              aria-label={`Run up to ${title}`}
              title="Run the flow up to this component"
              disabled={runs.state.running}
              onClick={() => runs.runUpTo(node.id)}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path d="M4.5 2.5v11l9-5.5z" fill="currentColor" />
              </svg>
            </button>
          </>
        ) : null}
      </div>
      {description ? <div className="canvas-node-description">{description}</div> : null}
      {run?.status === 'error' && run.error ? (
        <div className="canvas-node-error" role="alert">
          {run.error}
        </div>
      ) : null}
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
            <span className={`canvas-port-state ${isConnected ? 'is-connected' : ''}`}>{isConnected ? 'connected' : input.field.type === 'model' ? preview(modelLabel(input.field.value)) : preview(input.field.value)}</span>
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
        {outputsOf(node).map((output) => {
          const last = run?.outputs[output.name];
          const summary = last && last.type !== 'error' ? outputSummary(last) : '';
          return (
          <div key={output.name} className="canvas-port canvas-port-out">
            {summary ? (
              <span className="canvas-output-value" title={summary}>
                {preview(summary)}
              </span>
            ) : null}
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
          );
        })}
      </div>
    </div>
  );
}
