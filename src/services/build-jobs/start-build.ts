// Langflow's POST /build/{flow_id}/flow: checks the flow (the caller's, or the unsaved graph sent
// with the request) and starts it as a job whose events Langflow's UI reads. The run itself is
// services/flows/runs.ts's: the caller's credentials, the SSRF-guarded outbound pool, messages stored
// as /run stores them, the run time limit.
import { FlowBuildError } from '../../engine/errors.js';
import { parseFlow, topologicalOrder } from '../../engine/flow-graph.js';
import { selectComponents, type ComponentSelection } from '../../engine/flow-selection.js';
import type { InputType } from '../../engine/io-types.js';
import { findFlow } from '../../storage/repositories/flows.js';
import type { UserRecord } from '../../storage/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { runOwnedFlow } from '../flows/runs.js';
import type { RequestHeaders } from '../variables/variable-resolver.js';
import { messageTimestamp } from '../../engine/message.js';
import { buildObserver } from './build-observer.js';
import { errorMessage } from './event-messages.js';
import type { BuildJob } from './job.js';
import type { BuildJobRegistry } from './registry.js';

/** Langflow's InputValueRequest. */
export interface BuildInputs {
  input_value?: string | null;
  session?: string | null;
  type?: InputType | null;
}

export interface BuildRequest {
  inputs?: BuildInputs | null;
  /** An unsaved graph to build instead of the stored flow ({nodes, edges}). */
  data?: { nodes: unknown[]; edges: unknown[] } | null;
  select: ComponentSelection;
}

export async function startBuild(
  deps: AppDeps,
  jobs: BuildJobRegistry,
  user: UserRecord,
  flowId: string,
  request: BuildRequest,
  headers: RequestHeaders,
): Promise<BuildJob> {
  const flow = await findFlow(deps.storage.db, user.id, flowId);
  if (!flow) throw new NotFoundError(`Flow with id ${flowId} not found`);
  const data = request.data ?? flow.data;
  assertBuildable(data, request.select);
  const sessionId = request.inputs?.session || flow.id;
  const job = jobs.create(user.id, (text) => errorMessage({ text, timestamp: messageTimestamp(deps.clock.now()), flowId: flow.id, sessionId }));
  const events = buildObserver(deps, job, { flowId: flow.id, sessionId });
  void (async () => {
    try {
      await runOwnedFlow(
        deps,
        user,
        flow,
        {
          input_value: request.inputs?.input_value ?? undefined,
          // Langflow's InputValueRequest applies the input to every input component by default.
          input_type: request.inputs?.type ?? 'any',
          session_id: sessionId,
        },
        { headers, signal: job.signal, stream: events.sink, build: { data, select: request.select, observer: events.observer } },
      );
      job.push('end', {});
    } catch (error) {
      events.runFailed(error);
    } finally {
      jobs.retire(job);
    }
  })();
  return job;
}

/** The graph's shape, cycles and the stop/start ids are checked before any job starts: a clear 400. */
function assertBuildable(data: unknown, select: ComponentSelection): void {
  try {
    const graph = parseFlow(data);
    topologicalOrder(graph);
    selectComponents(graph, select);
  } catch (error) {
    if (error instanceof FlowBuildError) throw new BadRequestError(error.message);
    throw error;
  }
}
