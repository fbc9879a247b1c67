import { useMemo, useState } from 'react';
import { errorMessage } from '../api/client';
import type { Flow, Project } from '../api/types';
import { Alert } from '../components/Alert';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PageLoading } from '../components/Spinner';
import { useToast } from '../components/Toasts';
import { createFlow, deleteFlow, getFlow, listFlows, listProjects } from '../components/flows/api';
import { ExportFlowDialog } from '../components/flows/ExportFlowDialog';
import { FlowCard, type FlowCardActions } from '../components/flows/FlowCard';
import { ImportButton } from '../components/flows/ImportButton';
import { NewFlowDialog } from '../components/flows/NewFlowDialog';
import { RenameFlowDialog } from '../components/flows/RenameFlowDialog';
import { McpServerPanel } from '../components/mcp/McpServerPanel';
import { Segmented } from '../components/Segmented';
import { deleteProject, downloadProject, uploadProject } from '../components/projects/api';
import { MoveFlowDialog } from '../components/projects/MoveFlowDialog';
import { ProjectDialog } from '../components/projects/ProjectDialog';
import { downloadJson, safeFileName } from '../lib/download';
import { hasSecrets, normaliseFlowData, stripSecrets } from '../lib/flowData';
import { parseServerDate } from '../lib/dates';
import { useAsync } from '../lib/useAsync';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link, navigate, useLocation } from '../router';

type Modal =
  | { kind: 'new' }
  | { kind: 'rename'; flow: Flow }
  | { kind: 'delete'; flow: Flow }
  | { kind: 'export'; flow: Flow }
  | { kind: 'move'; flow: Flow }
  | { kind: 'new-project' }
  | { kind: 'rename-project'; project: Project }
  | { kind: 'delete-project'; project: Project };

interface Group {
  id: string;
  name: string;
  description: string | null;
  flows: Flow[];
}

const OTHER = '__other__';

function byRecent(a: Flow, b: Flow): number {
  return (parseServerDate(b.updated_at)?.getTime() ?? 0) - (parseServerDate(a.updated_at)?.getTime() ?? 0);
}

function groupFlows(projects: Project[], flows: Flow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const project of projects) groups.set(project.id, { id: project.id, name: project.name, description: project.description, flows: [] });
  const other: Group = { id: OTHER, name: 'Other flows', description: null, flows: [] };
  for (const flow of flows) (groups.get(flow.folder_id ?? '') ?? other).flows.push(flow);
  const list = [...groups.values()];
  if (other.flows.length) list.push(other);
  for (const group of list) group.flows.sort(byRecent);
  return list;
}

function exportFlow(flow: Flow, includeSecrets: boolean): void {
  const data = normaliseFlowData(flow.data);
  // Langflow's export shape: the flow without its owner and project.
  const file: Record<string, unknown> = { ...flow, data: includeSecrets ? data : stripSecrets(data) };
  delete file.user_id;
  delete file.folder_id;
  downloadJson(`${safeFileName(flow.name)}.json`, file);
}

export function FlowsPage() {
  useDocumentTitle('Flows');
  const toast = useToast();
  const { query } = useLocation();
  const selected = query.get('project');
  const loaded = useAsync(async (signal) => {
    const [projects, flows] = await Promise.all([listProjects(signal), listFlows(signal)]);
    return { projects, flows };
  }, []);
  const [modal, setModal] = useState<Modal | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const projects = loaded.data?.projects ?? [];
  const groups = useMemo(() => (loaded.data ? groupFlows(loaded.data.projects, loaded.data.flows) : []), [loaded.data]);
  const visible = selected ? groups.filter((g) => g.id === selected) : groups;
  const current = selected ? groups.find((g) => g.id === selected) : null;
  const targetProject = current && current.id !== OTHER ? current.id : (projects[0]?.id ?? null);
  const total = loaded.data?.flows.length ?? 0;
  // A real project (not "Other flows") has an MCP Server tab.
  const mcpProject = current && current.id !== OTHER ? current : null;
  const tab = mcpProject && query.get('tab') === 'mcp' ? 'mcp' : 'flows';

  const withFullFlow = async (flow: Flow, action: (full: Flow) => Promise<void> | void) => {
    setBusyId(flow.id);
    try {
      const { flow: full } = await getFlow(flow.id);
      await action(full);
    } catch (reason) {
      toast.error(errorMessage(reason));
    } finally {
      setBusyId(null);
    }
  };

  const actions: FlowCardActions = {
    onRename: (flow) => setModal({ kind: 'rename', flow }),
    onDelete: (flow) => setModal({ kind: 'delete', flow }),
    onDuplicate: (flow) =>
      withFullFlow(flow, async (full) => {
        await createFlow({ name: `${full.name} (copy)`, description: full.description, data: normaliseFlowData(full.data), folder_id: full.folder_id });
        toast.success(`Duplicated “${full.name}”.`);
        loaded.reload();
      }),
    onMove: (flow) => setModal({ kind: 'move', flow }),
    onExport: (flow) =>
      withFullFlow(flow, (full) => {
        if (hasSecrets(normaliseFlowData(full.data))) {
          setModal({ kind: 'export', flow: full });
          return;
        }
        exportFlow(full, false);
        toast.success(`Exported “${full.name}”.`);
      }),
  };

  if (loaded.loading && !loaded.data) return <PageLoading label="Loading flows" />;

  return (
    <div className="with-sidebar">
      <aside className="sidebar" aria-label="Projects">
        <div className="sidebar-head">
          <h2 className="sidebar-title">Projects</h2>
          <button type="button" className="btn btn-sm" onClick={() => setModal({ kind: 'new-project' })}>
            New project
          </button>
        </div>
        <nav className="side-nav">
          <Link to="/flows" className="side-link" aria-current={!selected ? 'page' : undefined}>
            <span>All flows</span>
            <span className="count">{total}</span>
          </Link>
          {groups.map((group) => (
            <Link key={group.id} to={`/flows?project=${encodeURIComponent(group.id)}`} className="side-link" aria-current={selected === group.id ? 'page' : undefined}>
              <span className="truncate">{group.name}</span>
              <span className="count">{group.flows.length}</span>
            </Link>
          ))}
        </nav>
        <label className="btn btn-sm file-button">
          <span>Upload project</span>
          <input
            type="file"
            accept=".json,.zip,application/json,application/zip"
            className="sr-only"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (!file) return;
              try {
                const flows = await uploadProject(file);
                toast.success(`Uploaded a project with ${flows.length} flow${flows.length === 1 ? '' : 's'}.`);
                loaded.reload();
              } catch (reason) {
                toast.error(`Upload failed: ${errorMessage(reason)}`);
              }
            }}
          />
        </label>
      </aside>

      <section className="content">
        <div className="page-head">
          <div>
            <h1 className="page-title">{current ? current.name : 'Flows'}</h1>
            <p className="page-subtitle">{current?.description || (current ? 'Flows in this project.' : 'Your flows, grouped by project.')}</p>
          </div>
          <div className="page-actions">
            {current && current.id !== OTHER ? (
              <>
                <button type="button" className="btn" onClick={() => { const project = projects.find((p) => p.id === current.id); if (project) setModal({ kind: 'rename-project', project }); }}>
                  Rename project
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => downloadProject(current.id).catch((reason) => toast.error(errorMessage(reason)))}
                >
                  Download project
                </button>
                <button type="button" className="btn btn-danger-text" onClick={() => { const project = projects.find((p) => p.id === current.id); if (project) setModal({ kind: 'delete-project', project }); }}>
                  Delete project
                </button>
              </>
            ) : null}
            <ImportButton
              folderId={targetProject}
              onImported={(flows) => {
                toast.success(flows.length === 1 ? `Imported “${flows[0].name}”.` : `Imported ${flows.length} flows.`);
                loaded.reload();
              }}
              onError={toast.error}
            />
            <button type="button" className="btn btn-primary" onClick={() => setModal({ kind: 'new' })}>
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              </svg>
              New Flow
            </button>
          </div>
        </div>

        {mcpProject ? (
          <div className="project-tabs">
            <Segmented
              label="Project view"
              value={tab}
              onChange={(value) => navigate(`/flows?project=${encodeURIComponent(mcpProject.id)}${value === 'mcp' ? '&tab=mcp' : ''}`)}
              options={[
                { value: 'flows', label: 'Flows' },
                { value: 'mcp', label: 'MCP Server' },
              ]}
            />
          </div>
        ) : null}

        {tab === 'mcp' && mcpProject ? <McpServerPanel projectId={mcpProject.id} projectName={mcpProject.name} /> : null}

        {tab === 'flows' && loaded.error ? (
          <Alert
            tone="error"
            title="Could not load your flows"
            actions={
              <button type="button" className="btn btn-sm" onClick={loaded.reload}>
                Retry
              </button>
            }
          >
            {loaded.error.message}
          </Alert>
        ) : null}

        {tab === 'flows' && loaded.data && total === 0 ? (
          <div className="empty">
            <h2>No flows yet</h2>
            <p>Start from a template or a blank canvas, or import a Langflow JSON export.</p>
            <button type="button" className="btn btn-primary" onClick={() => setModal({ kind: 'new' })}>
              Create your first flow
            </button>
          </div>
        ) : null}

        {selected && loaded.data && !current ? <Alert tone="warning">This project does not exist (any more).</Alert> : null}

        {tab === 'flows' && total > 0
          ? visible.map((group) => (
              <section key={group.id} className="flow-group" aria-labelledby={`group-${group.id}`}>
                {!selected ? (
                  <h2 id={`group-${group.id}`} className="group-title">
                    {group.name} <span className="count">{group.flows.length}</span>
                  </h2>
                ) : (
                  <h2 id={`group-${group.id}`} className="sr-only">
                    {group.name}
                  </h2>
                )}
                {group.flows.length === 0 ? (
                  <p className="muted group-empty">No flows in this project.</p>
                ) : (
                  <div className="flow-grid">
                    {group.flows.map((flow) => (
                      <FlowCard key={flow.id} flow={flow} busy={busyId === flow.id} actions={actions} />
                    ))}
                  </div>
                )}
              </section>
            ))
          : null}
      </section>

      {modal?.kind === 'new' ? (
        <NewFlowDialog
          projects={projects}
          defaultProjectId={targetProject}
          onClose={() => setModal(null)}
          onCreated={(flow) => {
            setModal(null);
            navigate(`/flows/${encodeURIComponent(flow.id)}`);
          }}
        />
      ) : null}
      {modal?.kind === 'rename' ? (
        <RenameFlowDialog
          flow={modal.flow}
          onClose={() => setModal(null)}
          onSaved={(flow) => {
            setModal(null);
            toast.success(`Renamed to “${flow.name}”.`);
            loaded.reload();
          }}
        />
      ) : null}
      {modal?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete flow?"
          confirmLabel="Delete flow"
          danger
          onClose={() => setModal(null)}
          onConfirm={async () => {
            await deleteFlow(modal.flow.id);
            toast.success(`Deleted “${modal.flow.name}”.`);
            loaded.reload();
          }}
        >
          <p>
            “<strong>{modal.flow.name}</strong>” and everything in it will be deleted. Scripts that run it will stop working. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {modal?.kind === 'move' ? (
        <MoveFlowDialog
          flow={modal.flow}
          projects={projects}
          onClose={() => setModal(null)}
          onMoved={(flow, project) => {
            setModal(null);
            toast.success(`Moved “${flow.name}” to ${project.name}.`);
            loaded.reload();
          }}
        />
      ) : null}
      {modal?.kind === 'new-project' || modal?.kind === 'rename-project' ? (
        <ProjectDialog
          project={modal.kind === 'rename-project' ? modal.project : undefined}
          onClose={() => setModal(null)}
          onSaved={(project) => {
            setModal(null);
            toast.success(modal.kind === 'new-project' ? `Created project “${project.name}”.` : `Renamed to “${project.name}”.`);
            loaded.reload();
            navigate(`/flows?project=${encodeURIComponent(project.id)}`);
          }}
        />
      ) : null}
      {modal?.kind === 'delete-project' ? (
        <ConfirmDialog
          title="Delete project?"
          confirmLabel="Delete project"
          danger
          onClose={() => setModal(null)}
          onConfirm={async () => {
            await deleteProject(modal.project.id);
            toast.success(`Deleted project “${modal.project.name}”.`);
            navigate('/flows');
            loaded.reload();
          }}
        >
          <p>
            “<strong>{modal.project.name}</strong>” and every flow in it will be deleted. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {modal?.kind === 'export' ? (
        <ExportFlowDialog
          flow={modal.flow}
          onClose={() => setModal(null)}
          onExport={(includeSecrets) => {
            exportFlow(modal.flow, includeSecrets);
            setModal(null);
            toast.success(`Exported “${modal.flow.name}”.`);
          }}
        />
      ) : null}
    </div>
  );
}
