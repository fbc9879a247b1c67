import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { api, ApiError, apiRequest, errorMessage, isAborted } from '../api/client';
import type { Flow, FlowData, Variable } from '../api/types';
import { Alert } from '../components/Alert';
import { ComponentSidebar } from '../components/editor/ComponentSidebar';
import { FlowCanvas } from '../components/editor/FlowCanvas';
import { OutputInspector } from '../components/editor/OutputInspector';
import { NodeRunsContext, useNodeRuns } from '../components/editor/useNodeRuns';
import { applyDefaultFields, canConnect, catalogueDefaults, langflowEdge, removeElements, type Catalogue, type FrontendNode } from '../components/editor/graphModel';
import { NodeConnections } from '../components/editor/NodeConnections';
import { usePromptFields } from '../components/editor/usePromptFields';
import { ToolModeSwitch } from '../components/editor/ToolModeSwitch';
import { offersToolMode, useToolMode } from '../components/editor/useToolMode';
import { useHistory } from '../components/editor/useHistory';
import { VariablePicker } from '../components/editor/VariablePicker';
import { ApiPanel } from '../components/flow/ApiPanel';
import { ParametersPanel } from '../components/flow/ParametersPanel';
import { Playground } from '../components/flow/Playground';
import { getFlow } from '../components/flows/api';
import { Segmented } from '../components/Segmented';
import { PageLoading } from '../components/Spinner';
import { useToast } from '../components/Toasts';
import { downloadJson, safeFileName } from '../lib/download';
import { emptyFlowData, normaliseFlowData, setFieldProps, setFieldValue } from '../lib/flowData';
import { useAsync } from '../lib/useAsync';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link, setLeaveGuard } from '../router';

type Panel = 'parameters' | 'playground' | 'api';

const AUTOSAVE_MS = 2000;

interface Loaded {
  flow: Flow;
  etag: string | null;
  /** Bumped on every (re)load so field inputs start from the loaded values. */
  version: number;
}

export function FlowPage({ id }: { id: string }) {
  const toast = useToast();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>('parameters');
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  const selected = selectedIds.size === 1 ? [...selectedIds][0]! : null;
  const setSelected = useCallback((nodeId: string | null) => setSelectedIds(new Set(nodeId ? [nodeId] : [])), []);
  const versionRef = useRef(0);
  const markDirty = useCallback(() => setDirty(true), []);
  const history = useHistory(emptyFlowData(), markDirty);
  const dataRef = useRef<FlowData>(history.data);
  dataRef.current = history.data;
  const addToCanvas = useRef<(type: string) => void>(() => undefined);
  const catalogue = useAsync((signal) => api.get<Catalogue>('/all', { signal }), []);
  const variables = useAsync((signal) => api.get<Variable[]>('/variables/', { signal }).then((list) => (Array.isArray(list) ? list : [])), []);
  const currentData = useCallback(() => dataRef.current, []);
  const runs = useNodeRuns(id, currentData);
  const [inspected, setInspected] = useState<string | null>(null);
  const nodeRuns = useMemo(() => ({ ...runs, inspect: setInspected }), [runs]);
  const onPromptField = usePromptFields(history, (message) => toast.error(message));
  const onToolMode = useToolMode(history, (message) => toast.error(message));
  useDocumentTitle(loaded?.flow.name ?? 'Flow');

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoadError(null);
      try {
        const { flow, etag } = await getFlow(id, signal);
        versionRef.current += 1;
        history.reset(normaliseFlowData(flow.data));
        setLoaded({ flow, etag, version: versionRef.current });
        setDirty(false);
        setConflict(null);
        setSaveError(null);
      } catch (reason) {
        if (isAborted(reason)) return;
        setLoadError(reason instanceof Error ? reason : new Error(String(reason)));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // Unsaved changes: ask before leaving, in the app and for the browser.
  useEffect(() => {
    if (!dirty) return undefined;
    setLeaveGuard(() => window.confirm('This flow has unsaved changes. Leave without saving?'));
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty]);

  /** Saves with If-Match (never overwriting someone else's newer save), or `overwrite` with `*`. */
  const save = useCallback(async (overwrite = false) => {
    if (!loaded || saving) return;
    const sent = dataRef.current;
    setSaving(true);
    setSaveError(null);
    try {
      const ifMatch = overwrite ? '*' : loaded.etag;
      const res = await apiRequest<Flow>(`/flows/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        json: { data: sent },
        headers: ifMatch ? { 'If-Match': ifMatch } : undefined,
      });
      if (overwrite) setConflict(null);
      let etag = res.headers.get('ETag');
      if (!etag) etag = (await getFlow(id)).etag;
      setLoaded((current) => (current ? { ...current, flow: res.data ?? current.flow, etag } : current));
      // Edits made while the request ran stay unsaved.
      setDirty(dataRef.current !== sent);
    } catch (reason) {
      if (isAborted(reason)) return;
      if (reason instanceof ApiError && (reason.status === 409 || reason.status === 412)) setConflict(reason.message);
      else setSaveError(errorMessage(reason));
    } finally {
      setSaving(false);
    }
  }, [id, loaded, saving, toast]);

  // Ctrl/Cmd+S saves.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (!conflict) void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, conflict]);

  // "Apply to fields" reaches existing flows too: once the flow and the variables are both
  // loaded, empty fields named in a variable's default_fields load from it (saved as a change).
  const appliedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!loaded || !variables.data || appliedFor.current === loaded.version) return;
    appliedFor.current = loaded.version;
    const current = history.current();
    const nodes = current.nodes.map((node) => applyDefaultFields(node, variables.data!));
    if (nodes.some((node, i) => node !== current.nodes[i])) history.commit({ ...current, nodes });
  }, [history, loaded, variables.data]);

  // Autosave: a quiet moment after the last change, unless a conflict waits for the user.
  useEffect(() => {
    if (!dirty || conflict || saving) return undefined;
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS);
    return () => window.clearTimeout(timer);
  }, [dirty, conflict, saving, save, history.data]);

  const onFieldChange = useCallback(
    (nodeId: string, key: string, value: unknown) => {
      history.commit((current) => setFieldValue(current, nodeId, key, value));
      onPromptField(nodeId, key, value);
    },
    [history, onPromptField],
  );

  const pickerFor = useCallback(
    (nodeId: string, field: { key: string; label: string; kind: string; value: unknown; fromVariable: boolean }) => {
      if (field.kind !== 'text' && field.kind !== 'secret' && field.kind !== 'multiline') return null;
      return (
        <VariablePicker
          fieldLabel={field.label}
          secret={field.kind === 'secret'}
          current={field.fromVariable ? String(field.value ?? '') : null}
          variables={variables.data ?? []}
          onCreated={variables.reload}
          onPick={(name) =>
            history.commit((current) => setFieldProps(current, nodeId, field.key, name ? { value: name, load_from_db: true } : { value: '', load_from_db: false }))
          }
        />
      );
    },
    [history, variables.data, variables.reload],
  );

  const defaultsFor = useCallback((type: string) => catalogueDefaults(catalogue.data ?? {}, type), [catalogue.data]);

  const toolModeFor = useCallback(
    (nodeId: string) => {
      const node = history.data.nodes.find((n) => n.id === nodeId);
      if (!node || !offersToolMode(node)) return null;
      const on = (node.data?.node as FrontendNode | undefined)?.tool_mode === true;
      return <ToolModeSwitch nodeId={nodeId} on={on} onToggle={(next) => onToolMode(nodeId, next)} />;
    },
    [history.data, onToolMode],
  );

  const connectionsFor = useCallback(
    (nodeId: string) => (
      <NodeConnections
        data={history.data}
        nodeId={nodeId}
        onConnect={(sourceId, output, field) =>
          history.commit((current) =>
            canConnect(current, sourceId, output, nodeId, field) ? { ...current, edges: [...current.edges, langflowEdge(current, sourceId, output, nodeId, field)] } : current,
          )
        }
        onDisconnect={(edgeId) => history.commit((current) => removeElements(current, new Set(), new Set([edgeId])))}
      />
    ),
    [history],
  );

  if (loadError && !loaded) {
    const notFound = loadError instanceof ApiError && loadError.status === 404;
    return (
      <div className="content narrow">
        <Alert
          tone="error"
          title={notFound ? 'Flow not found' : 'Could not load this flow'}
          actions={
            <>
              {!notFound ? (
                <button type="button" className="btn btn-sm" onClick={() => void load()}>
                  Retry
                </button>
              ) : null}
              <Link to="/flows" className="btn btn-sm">
                Back to flows
              </Link>
            </>
          }
        >
          {notFound ? 'It may have been deleted, or it belongs to someone else.' : loadError.message}
        </Alert>
      </div>
    );
  }
  if (!loaded) return <PageLoading label="Loading flow" />;

  const { flow } = loaded;
  const data = history.data;
  const inspectedNode = inspected ? data.nodes.find((node) => node.id === inspected) : undefined;

  return (
    <div className="flow-page">
      <div className="flow-toolbar">
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to="/flows">Flows</Link>
          <span aria-hidden="true">/</span>
          <h1 className="crumb-current truncate" title={flow.name}>
            {flow.name}
          </h1>
        </nav>
        <span className={`save-state ${dirty ? 'is-dirty' : ''}`} aria-live="polite">
          {saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'All changes saved'}
        </span>
        <button type="button" className="btn" onClick={() => history.undo()} disabled={!history.canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" className="btn" onClick={() => history.redo()} disabled={!history.canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving || !!conflict} aria-busy={saving} title="Save (Ctrl+S)">
          Save
        </button>
      </div>

      {conflict ? (
        <div className="flow-banner">
          <Alert
            tone="warning"
            title="This flow was changed since you loaded it"
            actions={
              <>
                <button type="button" className="btn btn-sm btn-primary" onClick={() => void load()}>
                  Reload theirs
                </button>
                <button type="button" className="btn btn-sm" onClick={() => void save(true)}>
                  Overwrite with mine
                </button>
                <button type="button" className="btn btn-sm" onClick={() => downloadJson(`${safeFileName(flow.name)} (my changes).json`, { ...flow, data })}>
                  Download my version
                </button>
              </>
            }
          >
            {conflict !== 'Flow was changed since you loaded it' ? `${conflict}. ` : ''}Someone else (or another tab) saved a newer version. Nothing was overwritten and your changes were not saved. Reload theirs to get the latest version (your edits are discarded, so download them first if you need them), or overwrite it with yours.
          </Alert>
        </div>
      ) : null}
      {runs.state.error ? (
        <div className="flow-banner">
          <Alert tone="error" title="The run failed">
            {runs.state.error}
          </Alert>
        </div>
      ) : null}
      {saveError ? (
        <div className="flow-banner">
          <Alert tone="error" title="Could not save" actions={<button type="button" className="btn btn-sm" onClick={() => setSaveError(null)}>Dismiss</button>}>
            {saveError}
          </Alert>
        </div>
      ) : null}

      <div className="flow-body">
        <ComponentSidebar catalogue={catalogue.data ?? {}} onAdd={(type) => addToCanvas.current(type)} />
        <div className="flow-canvas">
          <ReactFlowProvider>
            <NodeRunsContext.Provider value={nodeRuns}>
            <FlowCanvas
              history={history}
              variables={variables.data ?? []}
              catalogue={catalogue.data ?? {}}
              selectedIds={selectedIds}
              onSelectionChange={(ids) => {
                setSelectedIds(ids);
                if (ids.size === 1) setPanel('parameters');
              }}
              onRefused={(message) => toast.error(message)}
              registerAdd={(add) => {
                addToCanvas.current = add;
              }}
            />
            </NodeRunsContext.Provider>
          </ReactFlowProvider>
          {inspectedNode ? <OutputInspector node={inspectedNode} run={runs.state.nodes[inspectedNode.id]} onClose={() => setInspected(null)} /> : null}
        </div>
        <aside className="flow-panel" aria-label="Flow tools">
          <div className="flow-panel-tabs">
            <Segmented
              label="Flow tools"
              value={panel}
              onChange={setPanel}
              options={[
                { value: 'parameters', label: 'Parameters' },
                { value: 'playground', label: 'Playground' },
                { value: 'api', label: 'API' },
              ]}
            />
          </div>
          <div className="flow-panel-body" hidden={panel !== 'parameters'}>
            <ParametersPanel key={loaded.version} data={data} selectedId={selected} onSelect={setSelected} onChange={onFieldChange} active={panel === 'parameters'} pickerFor={pickerFor} connectionsFor={connectionsFor} toolModeFor={toolModeFor} defaultsFor={defaultsFor} />
          </div>
          <div className="flow-panel-body" hidden={panel !== 'playground'}>
            <Playground flowId={flow.id} dirty={dirty} />
          </div>
          <div className="flow-panel-body" hidden={panel !== 'api'}>
            <ApiPanel flowId={flow.id} data={data} />
          </div>
        </aside>
      </div>
    </div>
  );
}
