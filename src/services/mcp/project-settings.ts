// A project's MCP settings (Langflow's GET / PATCH /mcp/project/{id}): each flow's
// mcp_enabled, action_name and action_description, and the project's auth_settings. Owner
// only: someone else's project is the same 404 as a missing one.
import { findFolder, updateFolderAuthSettings } from '../../storage/repositories/folders.js';
import { listMcpFlows, updateMcpFlowSettings } from '../../storage/repositories/flows.js';
import { recordAudit } from '../audit/audit.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { parseAuthSettings, type McpAuthSettings } from './auth-settings.js';
import { sanitizeMcpName } from './tool-names.js';

export interface McpToolSettings {
  id: string;
  action_name: string;
  action_description: string;
  mcp_enabled: boolean;
  name: string;
  description: string | null;
}

export interface McpProjectSettings {
  tools: McpToolSettings[];
  auth_settings: McpAuthSettings;
}

export interface McpSettingsUpdate {
  settings: { id: string; mcp_enabled?: boolean | null; action_name?: string | null; action_description?: string | null }[];
  auth_settings?: { auth_type?: string | null } | null;
}

const MAX_ACTION_NAME = 200;
const MAX_ACTION_DESCRIPTION = 10_000;

async function ownedProject(deps: AppDeps, userId: string, projectId: string) {
  const project = await findFolder(deps.storage.db, userId, projectId);
  if (!project) throw new NotFoundError('Project not found');
  return project;
}

/** `enabledOnly` is Langflow's `mcp_enabled` query flag (true by default there). */
export async function getMcpProjectSettings(deps: AppDeps, userId: string, projectId: string, enabledOnly: boolean): Promise<McpProjectSettings> {
  const project = await ownedProject(deps, userId, projectId);
  const flows = await listMcpFlows(deps.storage.db, userId, { folderId: projectId, mcpEnabledOnly: enabledOnly });
  return {
    tools: flows.map((flow) => {
      const flowName = sanitizeMcpName(flow.name);
      return {
        id: flow.id,
        action_name: flow.actionName ? sanitizeMcpName(flow.actionName) : flowName,
        action_description: flow.actionDescription || flow.description || `Tool generated from flow: ${flowName}`,
        mcp_enabled: flow.mcpEnabled,
        name: flow.name,
        description: flow.description,
      };
    }),
    auth_settings: parseAuthSettings(project.auth_settings),
  };
}

export async function updateMcpProjectSettings(
  deps: AppDeps,
  userId: string,
  projectId: string,
  update: McpSettingsUpdate,
  context: { ip?: string } = {},
): Promise<{ message: string }> {
  const project = await ownedProject(deps, userId, projectId);
  const authType = update.auth_settings?.auth_type;
  if (authType !== undefined && authType !== null && authType !== 'apikey' && authType !== 'none') {
    throw new BadRequestError(`auth_type ${authType} is not supported: use apikey or none`);
  }
  for (const setting of update.settings) {
    if ((setting.action_name ?? '').length > MAX_ACTION_NAME) throw new BadRequestError(`action_name is longer than ${MAX_ACTION_NAME} characters`);
    if ((setting.action_description ?? '').length > MAX_ACTION_DESCRIPTION) {
      throw new BadRequestError(`action_description is longer than ${MAX_ACTION_DESCRIPTION} characters`);
    }
  }
  // All or nothing: one transaction for the flows and the project.
  const updated = await deps.storage.db.transaction().execute(async (trx) => {
    let count = 0;
    for (const setting of update.settings) {
      // As Langflow: each listed flow gets the three values it was sent (absent = cleared).
      const changed = await updateMcpFlowSettings(trx, userId, projectId, setting.id, {
        mcp_enabled: setting.mcp_enabled ?? false,
        action_name: setting.action_name || null,
        action_description: setting.action_description || null,
      });
      if (changed) count += 1;
    }
    if (authType) await updateFolderAuthSettings(trx, userId, projectId, JSON.stringify({ auth_type: authType }));
    return count;
  });
  // Opening a project to keyless local clients (or closing it again) is worth a trace.
  const before = parseAuthSettings(project.auth_settings).auth_type;
  if (authType && authType !== before) {
    await recordAudit(deps, { event: 'mcp_auth_changed', actorId: userId, targetId: userId, ip: context.ip, detail: { project_id: projectId, auth_type: authType } });
  }
  return { message: `Updated MCP settings for ${updated} flows and project auth settings` };
}
