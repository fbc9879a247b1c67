// FlowRecord → Langflow's flow JSON (FlowRead, FlowHeader, export). Unknown fields the client
// sent come back too, but never in place of the fields Flowgate owns.
import type { FlowRecord } from '../../storage/repositories/flows.js';

export type FlowJson = Record<string, unknown> & { id: string; name: string; user_id: string };

/** Langflow serialises flow timestamps to the second with an explicit offset. */
export function langflowTimestamp(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}

export function toFlowRead(flow: FlowRecord): FlowJson {
  return {
    ...flow.extra,
    // Flows saved before 0004_mcp kept these in `extra`.
    action_name: flow.actionName ?? flow.extra.action_name ?? null,
    action_description: flow.actionDescription ?? flow.extra.action_description ?? null,
    id: flow.id,
    name: flow.name,
    description: flow.description,
    icon: flow.icon,
    icon_bg_color: flow.iconBgColor,
    gradient: flow.gradient,
    data: flow.data,
    is_component: flow.isComponent,
    updated_at: langflowTimestamp(flow.updatedAt),
    webhook: flow.webhook,
    endpoint_name: flow.endpointName,
    tags: flow.tags,
    locked: flow.locked,
    mcp_enabled: flow.mcpEnabled,
    access_type: flow.accessType,
    user_id: flow.userId,
    folder_id: flow.folderId,
  };
}

/** Langflow's FlowHeader: the list the UI's sidebar needs; the graph only for components. */
export function toFlowHeader(flow: FlowRecord): Record<string, unknown> {
  return {
    id: flow.id,
    name: flow.name,
    folder_id: flow.folderId,
    is_component: flow.isComponent,
    endpoint_name: flow.endpointName,
    description: flow.description,
    data: flow.isComponent ? flow.data : null,
    access_type: flow.accessType,
    tags: flow.tags,
    mcp_enabled: flow.mcpEnabled,
    action_name: flow.actionName ?? flow.extra.action_name ?? null,
    action_description: flow.actionDescription ?? flow.extra.action_description ?? null,
    updated_at: langflowTimestamp(flow.updatedAt),
  };
}

/**
 * Values of password fields (API keys typed into components) never leave in an export or a
 * public read; a field that names a global variable (load_from_db) keeps the variable's name.
 */
export function withoutSecrets(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!data || !Array.isArray(data.nodes)) return data;
  const copy = structuredClone(data) as { nodes: unknown[] };
  for (const node of copy.nodes) {
    const template = (node as any)?.data?.node?.template;
    if (!template || typeof template !== 'object') continue;
    for (const field of Object.values(template as Record<string, any>)) {
      if (field && typeof field === 'object' && field.password === true && !field.load_from_db) field.value = null;
    }
  }
  return copy as Record<string, unknown>;
}

export function toFlowExport(flow: FlowRecord): FlowJson {
  return { ...toFlowRead(flow), data: withoutSecrets(flow.data) };
}

/** What anyone may read of a PUBLIC flow: no secrets, no owner or project ids. */
export function toPublicFlow(flow: FlowRecord): Record<string, unknown> {
  const { user_id: _user, folder_id: _folder, ...rest } = toFlowExport(flow);
  return rest;
}
