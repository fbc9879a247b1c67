// The engine's public surface: what services/ imports.
export { runFlow, type FlowRunResult, type RunFlowOptions, type RunOutput } from './run-flow.js';
export { toRunResponse, type LangflowRunResponse, type LangflowResultData } from './langflow-response.js';
export { starterFlows, type StarterFlow } from './starters.js';
export { FlowBuildError, FlowTimeoutError, MissingVariableError, UnknownComponentError } from './errors.js';
export { parseFlow, topologicalOrder, describeNode, type FlowGraph, type FlowNode, type FlowEdge } from './flow-graph.js';
export { knownComponentTypes } from './component-registry.js';
export type { Message } from './message.js';
export type { EventSink } from './events.js';
export type { InputType, OutputType } from './io-types.js';
export type { Tweaks } from './tweaks.js';
