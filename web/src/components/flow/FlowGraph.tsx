// A read-only drawing of a flow: nodes as boxes at their saved positions, edges as curves.
// Drag the background to pan, wheel or the buttons to zoom; nodes are buttons that select the
// node (its fields show in the side panel).
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { FlowData, FlowNode } from '../../api/types';
import { editableFields, isNoteNode, nodeDescription, nodeTitle } from '../../lib/flowData';

interface Box {
  node: FlowNode;
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  description: string;
  fields: string[];
  note: boolean;
}

interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

const MAX_FIELDS = 5;

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function layout(data: FlowData): Box[] {
  return data.nodes.map((node, index) => {
    const note = isNoteNode(node);
    const fields = note ? [] : editableFields(node).filter((f) => !f.advanced).map((f) => f.label);
    const description = nodeDescription(node);
    const shown = Math.min(fields.length, MAX_FIELDS);
    const estimate = 56 + (description ? 46 : 0) + shown * 24 + (fields.length > MAX_FIELDS ? 24 : 0) + 12;
    const measuredH = num(node.measured?.height ?? node.height, Infinity);
    const w = Math.min(400, Math.max(200, num(node.measured?.width ?? node.width, 300)));
    return {
      node,
      x: num(node.position?.x, (index % 4) * 360),
      y: num(node.position?.y, Math.floor(index / 4) * 260),
      w,
      h: note ? Math.min(num(node.measured?.height ?? node.height, 140), 320) : Math.max(64, Math.min(estimate, measuredH)),
      title: note ? 'Note' : nodeTitle(node),
      description,
      fields,
      note,
    };
  });
}

function fitBox(boxes: Box[]): ViewBox {
  if (boxes.length === 0) return { x: -400, y: -250, w: 800, h: 500 };
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxX = Math.max(...boxes.map((b) => b.x + b.w));
  const maxY = Math.max(...boxes.map((b) => b.y + b.h));
  const pad = 60;
  const w = Math.max(maxX - minX + pad * 2, 600);
  const h = Math.max(maxY - minY + pad * 2, 360);
  return { x: (minX + maxX) / 2 - w / 2, y: (minY + maxY) / 2 - h / 2, w, h };
}

export function FlowGraph({ data, selectedId, onSelect }: { data: FlowData; selectedId: string | null; onSelect: (id: string) => void }) {
  const boxes = useMemo(() => layout(data), [data]);
  const byId = useMemo(() => new Map(boxes.map((b) => [b.node.id, b])), [boxes]);
  const fit = useMemo(() => fitBox(boxes), [boxes.length]); // eslint-disable-line react-hooks/exhaustive-deps
  const [view, setView] = useState<ViewBox>(fit);
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ id: number; x: number; y: number; view: ViewBox } | null>(null);

  useEffect(() => setView(fit), [fit]);

  /** SVG units per screen pixel (preserveAspectRatio "meet"). */
  const unitsPerPixel = useCallback((v: ViewBox) => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return 1;
    return Math.max(v.w / rect.width, v.h / rect.height);
  }, []);

  const zoom = useCallback(
    (factor: number, clientX?: number, clientY?: number) => {
      setView((v) => {
        const w = Math.min(Math.max(v.w * factor, 200), fit.w * 6);
        const applied = w / v.w;
        const rect = svgRef.current?.getBoundingClientRect();
        let cx = v.x + v.w / 2;
        let cy = v.y + v.h / 2;
        if (rect && clientX !== undefined && clientY !== undefined) {
          const k = unitsPerPixel(v);
          cx = v.x + v.w / 2 + (clientX - (rect.left + rect.width / 2)) * k;
          cy = v.y + v.h / 2 + (clientY - (rect.top + rect.height / 2)) * k;
        }
        return { x: cx - (cx - v.x) * applied, y: cy - (cy - v.y) * applied, w, h: v.h * applied };
      });
    },
    [fit.w, unitsPerPixel],
  );

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      zoom(event.deltaY > 0 ? 1.12 : 1 / 1.12, event.clientX, event.clientY);
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [zoom]);

  const onPointerDown = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (event.button !== 0 || (event.target as Element).closest('.node-box')) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY, view };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || d.id !== event.pointerId) return;
    const k = unitsPerPixel(d.view);
    setView({ ...d.view, x: d.view.x - (event.clientX - d.x) * k, y: d.view.y - (event.clientY - d.y) * k });
  };
  const onPointerUp = (event: ReactPointerEvent<SVGSVGElement>) => {
    if (drag.current?.id === event.pointerId) drag.current = null;
  };

  return (
    <div className="graph">
      <svg
        ref={svgRef}
        className="graph-svg"
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-label={`Flow diagram: ${boxes.length} component${boxes.length === 1 ? '' : 's'}, ${data.edges.length} connection${data.edges.length === 1 ? '' : 's'}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <defs>
          <marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10z" className="graph-arrow" />
          </marker>
          <pattern id="graph-dots" width="24" height="24" patternUnits="userSpaceOnUse">
            <circle cx="1" cy="1" r="1" className="graph-dot" />
          </pattern>
        </defs>
        <rect x={view.x - view.w} y={view.y - view.h} width={view.w * 3} height={view.h * 3} fill="url(#graph-dots)" />
        <g className="graph-edges" aria-hidden="true">
          {data.edges.map((edge, index) => {
            const source = byId.get(edge.source);
            const target = byId.get(edge.target);
            if (!source || !target) return null;
            const sx = source.x + source.w;
            const sy = source.y + Math.min(source.h / 2, 40);
            const tx = target.x;
            const ty = target.y + Math.min(target.h / 2, 40);
            const c = Math.max(60, Math.abs(tx - sx) / 2);
            const active = selectedId === source.node.id || selectedId === target.node.id;
            return (
              <path
                key={edge.id ?? `${edge.source}-${edge.target}-${index}`}
                d={`M${sx} ${sy} C${sx + c} ${sy}, ${tx - c} ${ty}, ${tx} ${ty}`}
                className={`graph-edge ${active ? 'is-active' : ''}`}
                markerEnd="url(#graph-arrow)"
              />
            );
          })}
        </g>
        <g className="graph-nodes">
          {boxes.map((box) => (
            <foreignObject key={box.node.id} x={box.x} y={box.y} width={box.w} height={box.h}>
              <div
                className={`node-box ${box.note ? 'is-note' : ''} ${selectedId === box.node.id ? 'is-selected' : ''}`}
                role="button"
                tabIndex={0}
                aria-pressed={selectedId === box.node.id}
                aria-label={`${box.title}${box.note ? '' : ' component'}`}
                onClick={() => onSelect(box.node.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect(box.node.id);
                  }
                }}
              >
                {box.note ? (
                  <p className="node-note">{box.description || 'Empty note'}</p>
                ) : (
                  <>
                    <div className="node-head">
                      <span className="node-title">{box.title}</span>
                    </div>
                    {box.description ? <p className="node-desc">{box.description}</p> : null}
                    {box.fields.length ? (
                      <ul className="node-fields">
                        {box.fields.slice(0, MAX_FIELDS).map((field, i) => (
                          <li key={`${field}-${i}`}>{field}</li>
                        ))}
                        {box.fields.length > MAX_FIELDS ? <li className="node-more">+{box.fields.length - MAX_FIELDS} more</li> : null}
                      </ul>
                    ) : null}
                  </>
                )}
              </div>
            </foreignObject>
          ))}
        </g>
      </svg>
      {boxes.length === 0 ? <div className="graph-empty">This flow has no components yet. Import a Langflow export or start from a template to get a graph.</div> : null}
      <div className="graph-controls">
        <button type="button" className="btn btn-sm btn-icon" onClick={() => zoom(1 / 1.25)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" className="btn btn-sm btn-icon" onClick={() => zoom(1.25)} aria-label="Zoom out" title="Zoom out">
          −
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setView(fit)}>
          Fit view
        </button>
      </div>
    </div>
  );
}
