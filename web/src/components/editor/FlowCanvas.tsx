// The editing canvas (React Flow): move, connect (only compatible types), select, delete with
// Delete/Backspace, copy/paste (Ctrl+C/V), duplicate (Ctrl+D), undo/redo (Ctrl+Z,
// Ctrl+Shift+Z or Ctrl+Y), a context menu, fit view and a minimap. The flow JSON in `history`
// is the only state; the canvas is drawn from it.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import type { FlowData, FlowEdge, FlowNode } from '../../api/types';
import { nodeTitle } from '../../lib/flowData';
import { DRAG_TYPE } from './ComponentSidebar';
import { GenericNode, type CanvasNode } from './GenericNode';
import {
  addNodes,
  applyDefaultFields,
  type DefaultFieldVariable,
  canConnect,
  copyOf,
  edgeField,
  edgeOutput,
  handleName,
  inputHandle,
  inputsOf,
  langflowEdge,
  nodeFromCatalogue,
  outputHandle,
  outputsOf,
  removeElements,
  type Catalogue,
} from './graphModel';
import type { History } from './useHistory';
import { STATUS_TEXT } from './OutputInspector';
import { useNodeRunsContext } from './useNodeRuns';

const nodeTypes = { genericNode: GenericNode };

interface Menu {
  nodeId: string;
  x: number;
  y: number;
}

/** What a screen reader hears for a connection: "Connection from Chat Input (Chat Message) to Prompt (question)". */
function edgeLabel(data: FlowData, edge: FlowEdge): string {
  const end = (id: string, port: string | undefined) => {
    const node = data.nodes.find((n) => n.id === id);
    if (!node) return id;
    // Two components with one title are told apart by their ids.
    const title = nodeTitle(node);
    const shared = data.nodes.some((n) => n.id !== id && nodeTitle(n) === title);
    return `${shared ? `${title} ${id}` : title} (${port})`;
  };
  const source = data.nodes.find((n) => n.id === edge.source);
  const target = data.nodes.find((n) => n.id === edge.target);
  const output = edgeOutput(edge);
  const field = edgeField(edge);
  const outputName = source ? outputsOf(source).find((o) => o.name === output)?.display_name ?? output : output;
  const fieldName = target ? inputsOf(target).find((i) => i.name === field)?.label ?? field : field;
  return `Connection from ${end(edge.source, outputName)} to ${end(edge.target, fieldName)}`;
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

export interface FlowCanvasProps {
  history: History;
  /** The user's variables, for "Apply to fields" on new nodes. */
  variables: DefaultFieldVariable[];
  catalogue: Catalogue;
  selectedIds: ReadonlySet<string>;
  onSelectionChange: (ids: Set<string>) => void;
  onRefused: (message: string) => void;
  /** Registers "add this component at the centre" for the sidebar's keyboard path. */
  registerAdd: (add: (type: string) => void) => void;
}

export function FlowCanvas({ history, variables, catalogue, selectedIds, onSelectionChange, onRefused, registerAdd }: FlowCanvasProps) {
  const { data } = history;
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const clipboard = useRef<{ nodes: FlowNode[]; edges: FlowEdge[] } | null>(null);
  const dragStart = useRef<FlowData | null>(null);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const [menu, setMenu] = useState<Menu | null>(null);
  const runs = useNodeRunsContext()?.state.nodes;
  // Fit a loaded flow into view once; an empty canvas keeps its view, so the first component
  // dropped on it stays where it was dropped instead of jumping to the centre.
  const [fitOnLoad] = useState(() => history.data.nodes.length > 0);

  const nodes: CanvasNode[] = useMemo(
    () =>
      data.nodes
        .filter((node) => node.type !== 'noteNode')
        .map((node) => ({
          id: node.id,
          type: 'genericNode' as const,
          position: node.position ?? { x: 0, y: 0 },
          data: { node, flow: data },
          selected: selectedIds.has(node.id),
          // Screen readers hear the component and its last run (React Flow labels the focusable node).
          ariaLabel: `Component ${nodeTitle(node)}${runs?.[node.id] ? `, ${STATUS_TEXT[runs[node.id]!.status].toLowerCase()}` : ''}`,
          measured: node.measured ? { width: node.measured.width, height: node.measured.height } : undefined,
        })),
    [data, selectedIds, runs],
  );

  const edges: Edge[] = useMemo(
    () =>
      data.edges.map((edge, index) => {
        const id = String(edge.id ?? `edge-${index}`);
        return {
          id,
          source: edge.source,
          target: edge.target,
          sourceHandle: outputHandle(edgeOutput(edge)),
          targetHandle: inputHandle(edgeField(edge)),
          selected: selectedEdges.has(id),
          ariaLabel: edgeLabel(data, edge),
        };
      }),
    [data.edges, selectedEdges],
  );

  const findCatalogueEntry = useCallback(
    (type: string) => {
      for (const components of Object.values(catalogue)) if (components[type]) return components[type];
      return undefined;
    },
    [catalogue],
  );

  const addAt = useCallback(
    (type: string, position: { x: number; y: number }) => {
      const entry = findCatalogueEntry(type);
      if (!entry) return;
      const node = applyDefaultFields(nodeFromCatalogue(type, entry, position, new Set(history.data.nodes.map((n) => n.id))), variables);
      history.commit((current) => addNodes(current, [node]));
      onSelectionChange(new Set([node.id]));
    },
    [findCatalogueEntry, history, onSelectionChange, variables],
  );

  useEffect(() => {
    registerAdd((type) => {
      const rect = wrapper.current?.getBoundingClientRect();
      const centre = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
      // Nodes added one after another do not land exactly on each other.
      const shift = (history.data.nodes.length % 5) * 30;
      addAt(type, { x: centre.x - 150 + shift, y: centre.y - 100 + shift });
    });
  }, [addAt, flow, history.data.nodes.length, registerAdd]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      let selection: Set<string> | null = null;
      const positions = new Map<string, { x: number; y: number }>();
      const sizes = new Map<string, { width?: number; height?: number }>();
      let dragEnded = false;
      const before = history.current();
      for (const change of changes) {
        if (change.type === 'select') {
          selection ??= new Set(selectedIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        } else if (change.type === 'position') {
          if (change.position) positions.set(change.id, change.position);
          if (change.dragging && !dragStart.current) dragStart.current = history.data;
          if (change.dragging === false) dragEnded = true;
        } else if (change.type === 'dimensions' && change.dimensions) sizes.set(change.id, change.dimensions);
      }
      if (positions.size || sizes.size) {
        history.replace((current) => ({
          ...current,
          nodes: current.nodes.map((node) => {
            const position = positions.get(node.id);
            const size = sizes.get(node.id);
            if (!position && !size) return node;
            return { ...node, ...(position ? { position } : {}), ...(size ? { measured: size } : {}) };
          }),
        }));
      }
      if (dragEnded && dragStart.current) {
        history.checkpoint(dragStart.current);
        dragStart.current = null;
      } else if (dragEnded && [...positions].some(([id, p]) => {
        const was = before.nodes.find((node) => node.id === id)?.position;
        return !was || was.x !== p.x || was.y !== p.y;
      })) {
        // The arrow keys move the selection without a drag: each press is a step of its own.
        history.checkpoint(before);
      }
      if (selection) onSelectionChange(selection);
    },
    [history, onSelectionChange, selectedIds],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'select') {
          selection ??= new Set(selectedEdges);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      if (selection) setSelectedEdges(selection);
    },
    [history, selectedEdges],
  );

  const isValidConnection = useCallback(
    (connection: Connection | Edge) =>
      canConnect(history.data, connection.source, handleName(connection.sourceHandle), connection.target, handleName(connection.targetHandle)),
    [history.data],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const output = handleName(connection.sourceHandle);
      const field = handleName(connection.targetHandle);
      if (!canConnect(history.data, connection.source, output, connection.target, field)) {
        onRefused('These two ports do not carry a compatible type.');
        return;
      }
      history.commit((current) => ({ ...current, edges: [...current.edges, langflowEdge(current, connection.source, output, connection.target, field)] }));
    },
    [history, onRefused],
  );

  const copySelection = useCallback(() => {
    const chosen = history.data.nodes.filter((n) => selectedIds.has(n.id));
    if (chosen.length === 0) return false;
    clipboard.current = { nodes: structuredClone(chosen), edges: history.data.edges.filter((e) => selectedIds.has(e.source) && selectedIds.has(e.target)) };
    return true;
  }, [history.data, selectedIds]);

  const paste = useCallback(
    (source: { nodes: FlowNode[]; edges: FlowEdge[] } | null) => {
      if (!source || source.nodes.length === 0) return;
      const copies = copyOf(history.data, source.nodes, source.edges, 40);
      history.commit((current) => addNodes(current, copies.nodes, copies.edges));
      onSelectionChange(new Set(copies.nodes.map((n) => n.id)));
    },
    [history, onSelectionChange],
  );

  const duplicate = useCallback(
    (ids: ReadonlySet<string>) => {
      const chosen = history.data.nodes.filter((n) => ids.has(n.id));
      paste({ nodes: chosen, edges: history.data.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
    },
    [history.data, paste],
  );

  const remove = useCallback((ids: ReadonlySet<string>) => history.commit((current) => removeElements(current, ids)), [history]);

  /** The menu by keyboard: arrows move between its items, Escape closes it and returns to the node. */
  const onMenuKey = (event: ReactKeyboardEvent<HTMLDivElement>, nodeId: string) => {
    const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setMenu(null);
      wrapper.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)?.focus();
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z' && !event.shiftKey) {
        event.preventDefault();
        history.undo();
      } else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) {
        event.preventDefault();
        history.redo();
      } else if (mod && key === 'c') {
        if (copySelection()) event.preventDefault();
      } else if (mod && key === 'v') {
        event.preventDefault();
        paste(clipboard.current);
      } else if (mod && key === 'd') {
        event.preventDefault();
        duplicate(selectedIds);
      } else if (mod && key === 'a' && wrapper.current?.contains(document.activeElement)) {
        event.preventDefault();
        onSelectionChange(new Set(history.data.nodes.map((n) => n.id)));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [copySelection, duplicate, history, onSelectionChange, paste, selectedIds]);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      addAt(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [addAt, flow],
  );

  return (
    <div className="editor-canvas" ref={wrapper} onDragOver={(e) => { if (e.dataTransfer.types.includes(DRAG_TYPE)) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; } }} onDrop={onDrop}>
      <ReactFlow<CanvasNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        // Nodes and the edges that go with them leave in one step, so one undo brings all back.
        onDelete={({ nodes: gone, edges: cut }) =>
          history.commit((current) => removeElements(current, new Set(gone.map((n) => n.id)), new Set(cut.map((e) => e.id))))
        }
        isValidConnection={isValidConnection}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        onNodeContextMenu={(event, node) => {
          event.preventDefault();
          const rect = wrapper.current!.getBoundingClientRect();
          // Opened from the keyboard (Shift+F10, the menu key) the event has no pointer inside
          // the node: the menu opens at the node's corner instead.
          const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
          const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
          const at = inside ? { x: event.clientX, y: event.clientY } : { x: box.left + 16, y: box.top + 16 };
          setMenu({ nodeId: node.id, x: at.x - rect.left, y: at.y - rect.top });
        }}
        onPaneClick={() => setMenu(null)}
        fitView={fitOnLoad}
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.1}
        maxZoom={2}
        aria-label="Flow canvas"
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
      </ReactFlow>
      {menu ? (
        <div className="editor-menu" role="menu" aria-label="Component actions" style={{ left: menu.x, top: menu.y }} onKeyDown={(event) => onMenuKey(event, menu.nodeId)}>
          <button type="button" role="menuitem" autoFocus onClick={() => { duplicate(new Set([menu.nodeId])); setMenu(null); }}>
            Duplicate
          </button>
          <button type="button" role="menuitem" onClick={() => { remove(new Set([menu.nodeId])); setMenu(null); }}>
            Delete
          </button>
          <button type="button" role="menuitem" onClick={() => setMenu(null)}>
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}
