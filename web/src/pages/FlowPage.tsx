import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiRequest, errorMessage, isAborted } from '../api/client';
import type { Flow, FlowData } from '../api/types';
import { Alert } from '../components/Alert';
import { ApiPanel } from '../components/flow/ApiPanel';
import { FlowGraph } from '../components/flow/FlowGraph';
import { ParametersPanel } from '../components/flow/ParametersPanel';
import { Playground } from '../components/flow/Playground';
import { getFlow } from '../components/flows/api';
import { Segmented } from '../components/Segmented';
import { PageLoading } from '../components/Spinner';
import { useToast } from '../components/Toasts';
import { downloadJson, safeFileName } from '../lib/download';
import { normaliseFlowData, setFieldValue } from '../lib/flowData';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link, setLeaveGuard } from '../router';

type Panel = 'parameters' | 'playground' | 'api';

interface Loaded {
  flow: Flow;
  data: FlowData;
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
  const [selected, setSelected] = useState<string | null>(null);
  const versionRef = useRef(0);
  const dataRef = useRef<FlowData | null>(null);
  dataRef.current = loaded?.data ?? null;
  useDocumentTitle(loaded?.flow.name ?? 'Flow');

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoadError(null);
      try {
        const { flow, etag } = await getFlow(id, signal);
        versionRef.current += 1;
        setLoaded({ flow, data: normaliseFlowData(flow.data), etag, version: versionRef.current });
        setDirty(false);
        setConflict(null);
        setSaveError(null);
      } catch (reason) {
        if (isAborted(reason)) return;
        setLoadError(reason instanceof Error ? reason : new Error(String(reason)));
      }
    },
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

  const save = useCallback(async () => {
    if (!loaded || saving) return;
    const sent = loaded.data;
    setSaving(true);
    setSaveError(null);
    try {
      const res = await apiRequest<Flow>(`/flows/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        json: { data: sent },
        headers: loaded.etag ? { 'If-Match': loaded.etag } : undefined,
      });
      let etag = res.headers.get('ETag');
      if (!etag) etag = (await getFlow(id)).etag;
      setLoaded((current) => (current ? { ...current, flow: res.data ?? current.flow, etag } : current));
      // Edits made while the request ran stay unsaved.
      setDirty(dataRef.current !== sent);
      toast.success('Flow saved.');
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

  const onFieldChange = useCallback((nodeId: string, key: string, value: unknown) => {
    setLoaded((current) => (current ? { ...current, data: setFieldValue(current.data, nodeId, key, value) } : current));
    setDirty(true);
  }, []);

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

  const { flow, data } = loaded;

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
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving || !!conflict} aria-busy={saving}>
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
                  Reload flow
                </button>
                <button type="button" className="btn btn-sm" onClick={() => downloadJson(`${safeFileName(flow.name)} (my changes).json`, { ...flow, data })}>
                  Download my version
                </button>
              </>
            }
          >
            {conflict !== 'Flow was changed since you loaded it' ? `${conflict}. ` : ''}Someone else (or another tab) saved a newer version. Nothing was overwritten and your changes were not saved. Reload to get the latest version; your unsaved edits will be discarded, so download them first if you need them.
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
        <div className="flow-canvas">
          <FlowGraph
            data={data}
            selectedId={selected}
            onSelect={(nodeId) => {
              setSelected(nodeId);
              setPanel('parameters');
            }}
          />
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
            <ParametersPanel key={loaded.version} data={data} selectedId={selected} onSelect={setSelected} onChange={onFieldChange} active={panel === 'parameters'} />
          </div>
          <div className="flow-panel-body" hidden={panel !== 'playground'}>
            <Playground flowId={flow.id} dirty={dirty} />
          </div>
          <div className="flow-panel-body" hidden={panel !== 'api'}>
            <ApiPanel flowId={flow.id} />
          </div>
        </aside>
      </div>
    </div>
  );
}
