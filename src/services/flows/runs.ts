// Running a flow for a caller (Langflow's POST /run/{flow_id_or_name}). The flow is looked up
// among the CALLER's flows only (D18): someone else's flow and an unknown one get the same 404.
// Engine errors become AppErrors here; anything unexpected is left to become a generic 500 (D19).
import { ComponentRunError, FlowBuildError, FlowTimeoutError, MissingVariableError } from '../../engine/errors.js';
import { runFlow, type FlowRunResult } from '../../engine/run-flow.js';
import { toRunResponse, type LangflowRunResponse } from '../../engine/langflow-response.js';
import type { EventSink } from '../../engine/events.js';
import type { ModelEnvironment } from '../../engine/models/model-environment.js';
import type { InputType, OutputType } from '../../engine/io-types.js';
import type { Tweaks } from '../../engine/tweaks.js';
import type { ComponentSelection } from '../../engine/flow-selection.js';
import type { RunObserver } from '../../engine/run-observer.js';
import { findFlow, findFlowForRun, type FlowRecord } from '../../storage/repositories/flows.js';
import type { UserRecord } from '../../storage/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { runMessageStore } from '../messages/messages.js';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { readFileForRun } from '../files/files.js';
import { assertRunnableFlowSize } from './flow-size.js';
import { runOutbound } from '../outbound.js';
import { assertNoCredentialSessionId, makeVariableResolver, type RequestHeaders } from '../variables/variable-resolver.js';

/** Langflow's SimplifiedAPIRequest. */
export interface RunRequest {
  input_value?: string | null;
  input_type?: InputType | null;
  output_type?: OutputType | null;
  tweaks?: Record<string, unknown> | null;
  session_id?: string | null;
  output_component?: string | null;
}

export interface RunContext {
  /** The request's headers: `X-LANGFLOW-GLOBAL-VAR-*` fill variables. */
  headers: RequestHeaders;
  /** Streaming: receives `add_message` and `token` events as the run produces them. */
  stream?: EventSink;
  /** Stops the run (the client went away). */
  signal?: AbortSignal;
  /** The build API (services/build-jobs/): what differs from a /run. */
  build?: BuildOptions;
}

export interface BuildOptions {
  /** An unsaved graph ({nodes, edges}) to run instead of the stored flow's. */
  data?: unknown;
  select?: ComponentSelection;
  observer?: RunObserver;
}

export function flowNotFound(idOrName: string): NotFoundError {
  return new NotFoundError(`Flow identifier ${idOrName} not found`);
}

function throwNotFound(idOrName: string): never {
  throw flowNotFound(idOrName);
}

/**
 * The caller's flow by id or endpoint name; anything else is the same 404 (no existence leak).
 * Read without its graph: runOwnedFlow reads it only when this version's plan is not cached.
 */
export async function findRunnableFlow(deps: AppDeps, userId: string, idOrName: string): Promise<FlowRecord> {
  const flow = await findFlowForRun(deps.storage.db, userId, idOrName);
  if (!flow) throw flowNotFound(idOrName);
  return flow;
}

export async function runFlowForUser(
  deps: AppDeps,
  user: UserRecord,
  flowIdOrName: string,
  body: RunRequest,
  context: RunContext,
): Promise<LangflowRunResponse> {
  const flow = await findRunnableFlow(deps, user.id, flowIdOrName);
  return runOwnedFlow(deps, user, flow, body, context);
}

/** Runs a flow already known to be the caller's; returns Langflow's run response. */
export async function runOwnedFlow(
  deps: AppDeps,
  user: UserRecord,
  flow: FlowRecord,
  body: RunRequest,
  context: RunContext,
): Promise<LangflowRunResponse> {
  assertInputNotAlsoTweaked(body);
  // The saved flow is parsed and ordered once per version (its size checked then); an unsaved
  // graph (build API) each time.
  let data: unknown = context.build?.data;
  if (data !== undefined) assertRunnableFlowSize(deps.config, data);
  else if ((data = deps.flowPlans.cached(flow)) === undefined) {
    // Not planned yet: the graph is needed, read with the whole row (a save in between is
    // then what runs, as if the request had come a moment later).
    if (flow.dataOmitted) flow = (await findFlow(deps.storage.db, flow.userId, flow.id)) ?? throwNotFound(flow.id);
    try {
      data = deps.flowPlans.planFor(flow, (raw) => assertRunnableFlowSize(deps.config, raw));
    } catch (error) {
      // A flow that cannot be built is reported by the run, as any other build error.
      if (!(error instanceof FlowBuildError)) throw error;
      data = flow.data;
    }
  }
  await assertNoCredentialSessionId(deps, user.id, data, body.session_id);
  const outputComponent = body.output_component || undefined;
  let result: FlowRunResult;
  const outbound = runOutbound(deps.config, context.signal);
  const messages = runMessageStore(deps, user.id, flow.id);
  try {
    result = await runFlow(data, {
      flowId: flow.id,
      flowName: flow.name,
      inputValue: body.input_value ?? undefined,
      inputType: body.input_type ?? 'chat',
      // One named component's result (Langflow's output_component): run with every result, pick it.
      outputType: outputComponent ? 'debug' : (body.output_type ?? 'chat'),
      tweaks: (body.tweaks ?? undefined) as Tweaks | undefined,
      // As Langflow's run_graph_internal: no session id means the flow's id.
      sessionId: body.session_id || flow.id,
      resolveVariable: makeVariableResolver(deps, user.id, context.headers),
      timeoutMs: deps.config.runTimeoutSeconds * 1000,
      signal: context.signal,
      onEvent: context.stream,
      now: () => deps.clock.now(),
      services: {
        fetch: outbound.fetch,
        trustedFetch: outbound.trustedFetch,
        files: { read: (reference) => readFileForRun(deps, user.id, reference) },
        messages,
      },
      models: modelEnvironment(deps),
      select: context.build?.select,
      observer: context.build?.observer,
      // Langflow's build streams only what a model really streamed.
      chunkUnstreamedText: context.build ? false : undefined,
    });
    // Nothing answers before the run's messages are in the history.
    await messages.written();
  } catch (error) {
    const mapped = toAppError(deps, error);
    // The engine's messages name components and fields, never values.
    if (mapped instanceof AppError) deps.log.warn(`run of flow ${flow.id} failed: ${mapped.message}`, { flowId: flow.id, userId: user.id, status: mapped.status });
    throw mapped;
  } finally {
    await outbound.close();
  }
  if (outputComponent) result = { ...result, outputs: result.outputs.filter((o) => o.componentId === outputComponent) };
  return toRunResponse(result, body.input_value ?? undefined);
}

/** The operator's model provider addresses (trusted). */
export function modelEnvironment(deps: AppDeps): ModelEnvironment {
  const { openaiBaseUrl, anthropicBaseUrl, ollamaBaseUrl } = deps.config.modelProviders;
  return { openaiBaseUrl, anthropicBaseUrl, ollamaBaseUrl };
}

/** Engine errors the caller can act on → 400 / 504 with the engine's (value-free) message. */
function toAppError(deps: AppDeps, error: unknown): unknown {
  if (error instanceof FlowBuildError || error instanceof MissingVariableError) return new BadRequestError(error.message);
  if (error instanceof ComponentRunError) return new AppError(error.status, error.message);
  if (error instanceof FlowTimeoutError) {
    return new AppError(504, `The flow did not finish within ${deps.config.runTimeoutSeconds} seconds (LANGFLOW_RUN_TIMEOUT_SECONDS)`);
  }
  return error;
}

// Langflow's validate_input_and_tweaks: an input_value and a tweak of the same input field clash.
function assertInputNotAlsoTweaked(body: RunRequest): void {
  if (!body.tweaks || body.input_value === undefined || body.input_value === null) return;
  const inputType = body.input_type ?? 'chat';
  for (const [key, value] of Object.entries(body.tweaks)) {
    if (typeof value !== 'object' || value === null || (value as Record<string, unknown>).input_value == null) continue;
    if ((key.includes('ChatInput') || key.includes('Chat Input')) && inputType === 'chat') {
      throw new BadRequestError('If you pass an input_value to the chat input, you cannot pass a tweak with the same name.');
    }
    if ((key.includes('TextInput') || key.includes('Text Input')) && inputType === 'text') {
      throw new BadRequestError('If you pass an input_value to the text input, you cannot pass a tweak with the same name.');
    }
  }
}
