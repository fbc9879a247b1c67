// Runs a Langflow flow: parse and order the graph, apply tweaks and the request's input,
// resolve global variables, check the build, then run each component in topological order
// under the time limit, announcing chat messages through `onEvent`.
import type { Component, ComponentOutput } from './component.js';
import { componentFor } from './component-registry.js';
import { createComponentContext, type ContextEnvironment } from './component-context.js';
import { checkBuild } from './build-check.js';
import { announceMessage, type EventSink } from './events.js';
import type { FlowGraph, FlowNode } from './flow-graph.js';
import { isRunOutput, takesInputValue, type InputType, type OutputType } from './io-types.js';
import type { Message } from './message.js';
import { createMessage } from './message.js';
import type { ModelEnvironment } from './models/model-environment.js';
import { graphForRun, isPreparedFlow, prepareFlow, type PreparedFlow } from './prepared-flow.js';
import { createRunSignal } from './run-signal.js';
import type { RunObserver } from './run-observer.js';
import { selectComponents, type ComponentSelection } from './flow-selection.js';
import { noRunServices, type RunServices } from './run-services.js';
import { componentTools, isToolProvider, TOOL_OUTPUT } from './tools.js';
import { applyTweaks, type Tweaks } from './tweaks.js';
import { resolveVariables, type VariableResolver } from './variables.js';
import { createYieldPoint } from './yield-point.js';

export interface RunFlowOptions {
  flowId: string;
  flowName?: string;
  /** Goes into the input components selected by `inputType`, when given (even ""). */
  inputValue?: string;
  /** Default 'chat'. */
  inputType?: InputType;
  /** Default 'chat'. */
  outputType?: OutputType;
  tweaks?: Tweaks;
  sessionId: string;
  /** Returns a global variable's (decrypted) value, or undefined when there is none. */
  resolveVariable: VariableResolver;
  signal?: AbortSignal;
  timeoutMs?: number;
  onEvent?: EventSink;
  /** The clock for message timestamps; default `new Date()`. */
  now?: () => Date;
  /** Outbound HTTP and the caller's files; without them components that need them fail clearly. */
  services?: RunServices;
  /** Where the model providers are (the operator's base URLs); default: their public APIs. */
  models?: ModelEnvironment;
  /** Run only part of the flow (the build API's stop/start component). */
  select?: ComponentSelection;
  /** Told about each component as it runs (the build API). */
  observer?: RunObserver;
  /**
   * Send a chat output's text that no model streamed as `token` events too, as /run?stream=true
   * does; default true. The build API, as Langflow's, sends only real model tokens.
   */
  chunkUnstreamedText?: boolean;
}

/** One component's result the run returns. */
export interface RunOutput {
  componentId: string;
  componentDisplayName: string;
  componentType: string;
  /** Langflow's output name: `message`, `text`, `prompt`, `combined_text`. */
  outputName: string;
  message: Message;
  /** True for chat messages (Chat Input / Chat Output). */
  isChatMessage: boolean;
}

export interface FlowRunResult {
  flowId: string;
  flowName: string | undefined;
  sessionId: string;
  inputValue: string | undefined;
  /** The output components' results (per `outputType`), in run order. */
  outputs: RunOutput[];
  /** Every chat message the run produced (input and output), in order: what a caller stores. */
  messages: Message[];
}

/** `flow`: Langflow's flow data, or the same already parsed and ordered (prepared-flow.ts). */
export async function runFlow(flow: unknown, options: RunFlowOptions): Promise<FlowRunResult> {
  const run = createRunSignal({ signal: options.signal, timeoutMs: options.timeoutMs });
  try {
    run.check();
    const prepared: PreparedFlow = isPreparedFlow(flow) ? flow : prepareFlow(flow);
    const { graph, order: fullOrder } = graphForRun(prepared);
    const components = new Map<string, Component>(graph.nodes.map((node) => [node.id, componentFor(node)]));
    const selected = selectComponents(graph, options.select);
    const order = selected ? fullOrder.filter((node) => selected.has(node.id)) : fullOrder;
    applyTweaks(graph, options.tweaks);
    applyInputValue(graph, options.inputValue, options.inputType ?? 'chat');
    await resolveVariables(order, options.resolveVariable, run.guard, (node, field) =>
      components.get(node.id)!.definition?.fields.some((spec) => spec.name === field && spec.password === true) === true,
    );
    const tools = new Set(order.filter((node) => isToolProvider(node, graph.outgoing.get(node.id)!)).map((node) => node.id));
    // A tool's fields are filled by the agent when it calls it: no build check for them.
    checkBuild(order.filter((node) => !tools.has(node.id)), graph.incoming, (node) => components.get(node.id)!);

    const results = new Map<string, ComponentOutput>();
    const messages: Message[] = [];
    const env: ContextEnvironment = {
      graph,
      results,
      flowId: options.flowId,
      sessionId: options.sessionId,
      signal: run.signal,
      now: options.now ?? (() => new Date()),
      services: options.services ?? noRunServices,
      // Components ask for keys by name (a model's OPENAI_API_KEY): a secret use.
      resolveVariable: (name) => run.guard(options.resolveVariable(name, { secret: true })),
      models: options.models ?? {},
      onEvent: options.onEvent,
    };
    const observer = options.observer;
    observer?.sorted?.(order, graph);
    const yieldPoint = createYieldPoint();
    for (const node of order) {
      await yieldPoint.maybeYield();
      run.check();
      const component = components.get(node.id)!;
      if (tools.has(node.id)) {
        const offered = componentTools(node, component, async (overrides) => {
          observer?.toolStarted?.(node);
          try {
            return await run.guard(component.run(createComponentContext(node, env, overrides)));
          } finally {
            observer?.toolFinished?.(node);
          }
        });
        const value = createMessage({ text: offered.map((tool) => tool.name).join(', '), timestamp: env.now().toISOString() });
        const output: ComponentOutput = { outputName: TOOL_OUTPUT, value, outputs: { [TOOL_OUTPUT]: offered } };
        results.set(node.id, output);
        observer?.built?.(node, output);
        continue;
      }
      let output: ComponentOutput;
      try {
        output = await run.guard(component.run(createComponentContext(node, env)));
        run.check();
      } catch (error) {
        if (!run.signal.aborted) observer?.failed?.(node, error);
        throw error;
      }
      results.set(node.id, output);
      if (output.send) {
        messages.push(output.value);
        const chunk = output.send === 'stream' && output.streamedId === undefined && options.chunkUnstreamedText !== false;
        announceMessage(options.onEvent, output.value, chunk);
      }
      observer?.built?.(node, output);
    }
    const outputType = options.outputType ?? 'chat';
    return {
      flowId: options.flowId,
      flowName: options.flowName,
      sessionId: options.sessionId,
      inputValue: options.inputValue,
      outputs: order.filter((node) => isRunOutput(node.type, outputType)).map((node) => toRunOutput(node, results.get(node.id)!)),
      messages,
    };
  } finally {
    run.dispose();
  }
}

function applyInputValue(graph: FlowGraph, inputValue: string | undefined, inputType: InputType): void {
  if (inputValue === undefined) return;
  for (const node of graph.nodes) {
    if (!takesInputValue(node.type, inputType)) continue;
    node.template.input_value = { ...node.template.input_value, value: inputValue, load_from_db: false };
  }
}

function toRunOutput(node: FlowNode, output: ComponentOutput): RunOutput {
  return {
    componentId: node.id,
    componentDisplayName: node.displayName,
    componentType: node.type,
    outputName: output.outputName,
    message: output.value,
    isChatMessage: output.send !== undefined,
  };
}
