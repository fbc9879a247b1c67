// Flows as MCP tools (Langflow's handle_list_tools / handle_call_tool), always among the
// CALLER's flows (D26): the global server offers all of them, a project's server only that
// project's `mcp_enabled` flows. A call runs the flow as the caller through runs.ts, so it has
// the engine, limits and variable rules of `/run`.
import { randomUUID } from 'node:crypto';
import { listMcpFlows, type FlowRecord } from '../../storage/repositories/flows.js';
import type { UserRecord } from '../../storage/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { runOwnedFlow } from '../flows/runs.js';
import type { RequestHeaders } from '../variables/variable-resolver.js';
import { inputSchemaOf, type ToolInputSchema } from './input-schema.js';
import { sanitizeMcpName, uniqueToolName } from './tool-names.js';

/** Which MCP server: the global one, or one project's. */
export type McpScope = { kind: 'global' } | { kind: 'project'; projectId: string };

export interface McpTool {
  name: string;
  description: string;
  inputSchema: ToolInputSchema;
  flow: FlowRecord;
}

export async function listMcpTools(deps: AppDeps, user: UserRecord, scope: McpScope): Promise<McpTool[]> {
  const project = scope.kind === 'project';
  const flows = await listMcpFlows(deps.storage.db, user.id, project ? { folderId: scope.projectId, mcpEnabledOnly: true } : {});
  const taken = new Set<string>();
  return flows.map((flow) => {
    // As Langflow: the project server honours action_name/description, the global one does not.
    const base = sanitizeMcpName(project && flow.actionName ? flow.actionName : flow.name);
    const name = uniqueToolName(base, taken);
    taken.add(name);
    const fallback = `Tool generated from flow: ${name}`;
    const description = project
      ? flow.actionDescription || flow.description || fallback
      : flow.description
        ? `${flow.id}: ${flow.description}`
        : fallback;
    return { name, description, inputSchema: inputSchemaOf(flow.data), flow };
  });
}

/** A tool call that cannot start: unknown tool name (reported as an MCP error). */
export class UnknownToolError extends Error {}

export interface ToolCallContext {
  headers: RequestHeaders;
  signal?: AbortSignal;
}

export interface ToolCallResult {
  texts: string[];
  isError: boolean;
}

export async function callMcpTool(
  deps: AppDeps,
  user: UserRecord,
  scope: McpScope,
  name: string,
  args: Record<string, unknown> | undefined,
  context: ToolCallContext,
): Promise<ToolCallResult> {
  // Resolved through the same list the client saw, so numbered names (`x_1`) reach their flow.
  const tool = (await listMcpTools(deps, user, scope)).find((t) => t.name === name);
  if (!tool) throw new UnknownToolError(`Tool ${name} not found`);
  const input = args?.input_value;
  try {
    const response = await runOwnedFlow(
      deps,
      user,
      tool.flow,
      {
        input_value: input === undefined || input === null ? '' : typeof input === 'string' ? input : JSON.stringify(input),
        // Both kinds of input and output, so Text Input/Output flows answer too.
        input_type: 'any',
        output_type: 'any',
        // A fresh conversation per call, as Langflow.
        session_id: randomUUID(),
      },
      { headers: context.headers, signal: context.signal },
    );
    return { texts: textsOf(response.outputs), isError: false };
  } catch (error) {
    // Errors the caller can act on carry a safe message; anything else stays in the log (D19).
    if (error instanceof AppError) return { texts: [`Error Executing the ${tool.flow.name} tool. Error: ${error.message}`], isError: true };
    throw error;
  }
}

type RunOutputs = Awaited<ReturnType<typeof runOwnedFlow>>['outputs'];

/** Each distinct text of the run's messages and results, in order (Langflow's add_result). */
function textsOf(outputs: RunOutputs): string[] {
  const texts: string[] = [];
  const add = (text: unknown) => {
    if (typeof text === 'string' && !texts.includes(text)) texts.push(text);
  };
  for (const run of outputs) {
    for (const output of run.outputs) {
      for (const message of output.messages) add(message.message);
      for (const result of Object.values(output.results)) add(result.text);
    }
  }
  return texts;
}
