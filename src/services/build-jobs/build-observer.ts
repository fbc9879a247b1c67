// Turns a run's progress into Langflow's build events on the job: vertices_sorted, end_vertex per
// component, add_message and token as messages are sent, build_start / build_end around a
// component an agent calls as a tool, `error` for a failure. Error texts are the engine's
// value-free messages; anything unexpected is logged and shown generically.
import type { ComponentOutput } from '../../engine/component.js';
import { componentFor } from '../../engine/component-registry.js';
import { ComponentRunError, FlowBuildError, MissingVariableError } from '../../engine/errors.js';
import type { EventSink } from '../../engine/events.js';
import type { FlowNode } from '../../engine/flow-graph.js';
import { messageTimestamp } from '../../engine/message.js';
import type { RunObserver } from '../../engine/run-observer.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { errorMessage, partialMessage } from './event-messages.js';
import type { BuildJob } from './job.js';
import { BuildProgress } from './progress.js';
import { formatElapsed, paramsOf, resultData } from './vertex-result.js';

export interface BuildEvents {
  observer: RunObserver;
  sink: EventSink;
  /** The run ended with `error`: say so on the job (nothing when it was cancelled). */
  runFailed(error: unknown): void;
}

export function buildObserver(deps: AppDeps, job: BuildJob, ids: { flowId: string; sessionId: string }): BuildEvents {
  let progress: BuildProgress | undefined;
  let lastMark = performance.now();
  let componentFailed = false;
  const streamed = new Set<string>();
  const timestamp = () => messageTimestamp(deps.clock.now());
  const elapsed = () => {
    const now = performance.now();
    const seconds = (now - lastMark) / 1000;
    lastMark = now;
    return seconds;
  };
  const vertex = (node: FlowNode, rest: Record<string, unknown>) => {
    const next = progress?.done(node.id) ?? [];
    job.push('end_vertex', {
      build_data: {
        id: node.id,
        inactivated_vertices: [],
        next_vertices_ids: rest.valid ? next : [],
        top_level_vertices: rest.valid ? next : [],
        ...rest,
        timestamp: deps.clock.now().toISOString(),
      },
    });
  };

  const observer: RunObserver = {
    sorted(order, graph) {
      progress = new BuildProgress(order, graph);
      job.push('vertices_sorted', { ids: progress.firstLayer(), to_run: progress.order });
      lastMark = performance.now();
    },
    built(node, output: ComponentOutput) {
      vertex(node, { valid: true, params: paramsOf(output), data: resultData(output, elapsed()) });
    },
    toolStarted: (node) => job.push('build_start', { id: node.id }),
    toolFinished: (node) => job.push('build_end', { id: node.id }),
    failed(node, error) {
      componentFailed = true;
      const text = componentErrorText(deps, node, error);
      job.push('error', errorMessage({ text, timestamp: timestamp(), ...ids, source: { id: node.id, display_name: node.displayName } }));
      const seconds = elapsed();
      const outputName = componentFor(node).definition?.outputs[0]?.name ?? 'output';
      vertex(node, {
        valid: false,
        params: text,
        data: {
          results: {},
          outputs: { [outputName]: { message: { errorMessage: text, stackTrace: null }, type: 'error' } },
          logs: {},
          message: {},
          artifacts: {},
          timedelta: seconds,
          duration: formatElapsed(seconds),
          used_frozen_result: false,
        },
      });
    },
  };

  const sink: EventSink = (event, data) => {
    if (event === 'token') {
      const { id } = data as { id: string };
      if (!streamed.has(id)) {
        streamed.add(id);
        job.push('add_message', partialMessage(id, timestamp(), ids.flowId, ids.sessionId));
      }
    }
    job.push(event, data);
  };

  const runFailed = (error: unknown) => {
    if (job.signal.aborted) return;
    // As Langflow: a component's failure was told by its end_vertex; the build still ends.
    if (componentFailed) {
      job.push('end', {});
      return;
    }
    job.push('error', job.errorData(runErrorText(deps, error)));
  };
  return { observer, sink, runFailed };
}

function componentErrorText(deps: AppDeps, node: FlowNode, error: unknown): string {
  if (error instanceof ComponentRunError || error instanceof FlowBuildError || error instanceof MissingVariableError) return error.message;
  deps.log.error({ err: error, componentId: node.id }, 'a component failed during a build');
  return `${node.displayName} (${node.id}) failed unexpectedly; the server log has the details`;
}

function runErrorText(deps: AppDeps, error: unknown): string {
  // runs.ts maps the engine's errors to AppErrors with value-free messages (400, 502, 504).
  if (error instanceof AppError && error.status !== 500 && typeof error.detail === 'string') return error.detail;
  deps.log.error({ err: error }, 'a build failed');
  return 'The build failed unexpectedly; the server log has the details';
}
