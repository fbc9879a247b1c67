import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { FlowData } from '../../api/types';
import { editableFields, isNoteNode, nodeTitle, type EditableField } from '../../lib/flowData';
import { edgeField } from '../editor/graphModel';
import { NodeField } from './NodeField';

function sectionId(nodeId: string): string {
  return `node-${nodeId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Every component of the flow with its editable template fields. */
export function ParametersPanel({
  data,
  selectedId,
  onSelect,
  onChange,
  active,
  pickerFor,
  connectionsFor,
  toolModeFor,
  defaultsFor,
}: {
  data: FlowData;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onChange: (nodeId: string, key: string, value: unknown) => void;
  active: boolean;
  /** The global-variable picker for a field, when the editor offers one. */
  pickerFor?: (nodeId: string, field: EditableField) => ReactNode;
  /** The keyboard's way to connect a node's inputs, when the editor offers one. */
  connectionsFor?: (nodeId: string) => ReactNode;
  /** The tool-mode switch of a node that can be an agent's tool, when the editor offers one. */
  toolModeFor?: (nodeId: string) => ReactNode;
  /** The catalogue's template for a component type (the model choices a starter saved without). */
  defaultsFor?: (type: string) => Record<string, unknown> | undefined;
}) {
  const rootRef = useRef<HTMLDivElement>(null);
  const nodes = data.nodes.filter((node) => !isNoteNode(node));
  const connectedOf = (nodeId: string) => new Set(data.edges.filter((e) => e.target === nodeId).map(edgeField));

  useEffect(() => {
    if (!active || !selectedId) return;
    const section = rootRef.current?.querySelector(`#${CSS.escape(sectionId(selectedId))}`);
    section?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selectedId, active]);

  if (nodes.length === 0) return <p className="muted panel-empty">No components to configure.</p>;

  return (
    <div ref={rootRef} className="params">
      {nodes.map((node) => {
        const fields = editableFields(node, defaultsFor?.(String(node.data?.type ?? '')));
        const basic = fields.filter((f) => !f.advanced);
        const advanced = fields.filter((f) => f.advanced);
        const selected = node.id === selectedId;
        const connected = connectedOf(node.id);
        const fieldOf = (field: EditableField) => (
          <NodeField key={field.key} field={field} connected={connected.has(field.key)} picker={pickerFor?.(node.id, field)} onChange={(value) => onChange(node.id, field.key, value)} />
        );
        return (
          <section key={node.id} id={sectionId(node.id)} className={`param-node ${selected ? 'is-selected' : ''}`} aria-labelledby={`${sectionId(node.id)}-title`} onFocus={() => !selected && onSelect(node.id)}>
            <h3 id={`${sectionId(node.id)}-title`} className="param-title">
              {nodeTitle(node)}
              <span className="param-id">{node.id}</span>
            </h3>
            {toolModeFor?.(node.id)}
            {connectionsFor?.(node.id)}
            {fields.length === 0 ? <p className="muted small">No editable fields.</p> : null}
            {basic.map(fieldOf)}
            {advanced.length ? (
              <details className="param-advanced">
                <summary>Advanced ({advanced.length})</summary>
                {advanced.map(fieldOf)}
              </details>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
