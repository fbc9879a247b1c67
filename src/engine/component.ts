// What a component is. A component is one file under components/ plus one line in
// component-registry.ts.
import type { FlowNode } from './flow-graph.js';
import type { Message } from './message.js';
import type { ComponentDefinition } from './catalogue/definition.js';
import type { OutboundFetch } from './net/outbound.js';
import type { RunServices } from './run-services.js';
import type { ModelEnvironment } from './models/model-environment.js';

export interface ComponentContext {
  /** The node being run, its template already tweaked, its variables resolved. */
  readonly node: FlowNode;
  readonly flowId: string;
  readonly sessionId: string;
  readonly signal: AbortSignal;
  /** The field's value: what its incoming edge(s) carry (a list when several), else the template value. */
  input(field: string): unknown;
  /** The field's value as text (see `textOf`). */
  text(field: string): string;
  /** The components whose outputs feed the field, in edge order. */
  sources(field: string): FlowNode[];
  /** A Langflow message timestamp for now. */
  timestamp(): string;
  /** A fresh message id (a UUID). */
  newId(): string;
  /** HTTP for URLs from flows and users: SSRF-guarded, size- and time-limited, cancelled with the run. */
  readonly fetch: OutboundFetch;
  /** HTTP for URLs the operator configured (model providers): not SSRF-guarded, still limited. */
  readonly trustedFetch: OutboundFetch;
  /** The caller's uploaded files. */
  readonly files: RunServices['files'];
  /** The caller's chat history; undefined when the run stores nothing. */
  readonly messages: RunServices['messages'];
  /** The calling user's global variable (a Credential decrypted), or undefined when there is none. */
  variable(name: string): Promise<string | undefined>;
  /** The global variable a field's value was loaded from (`load_from_db`), if it was. */
  fieldVariable(field: string): string | undefined;
  /** Whether anything reads this output of the node (an unnamed edge counts as reading all). */
  outputUsed(output: string): boolean;
  /**
   * For a component whose text reaches a Chat Output during a streaming run: the id the chat
   * message will carry and a function sending one `token` event. Undefined otherwise.
   */
  tokenStream(): { id: string; push(chunk: string): void } | undefined;
  /** The message id under which the source feeding `field` already streamed its text, if it did. */
  streamedId(field: string): string | undefined;
  /** Where the model providers are, as the operator configured them. */
  readonly models: ModelEnvironment;
}

export interface ComponentOutput {
  /** Langflow's output name (`message`, `prompt`, `text`, `combined_text`). */
  outputName: string;
  value: Message;
  /**
   * Every output's value by Langflow output name (`page_results`, `data`, …), when the component
   * has more than one or its output is not a Message; an edge reads the output it names from
   * here, else `value`.
   */
  outputs?: Record<string, unknown>;
  /**
   * A chat message the run announces: 'message' sends `add_message`; 'stream' first sends the
   * text as `token` events, then `add_message`.
   */
  send?: 'message' | 'stream';
  /** Set when the text was already sent as `token` events under this message id. */
  streamedId?: string;
}

/** What a component can check before anything runs (for errors that should stop the build). */
export interface BuildCheck {
  readonly node: FlowNode;
  /** Fields that have at least one incoming edge. */
  readonly connected: ReadonlySet<string>;
}

export interface Component {
  /** Langflow's type name (`data.type` of the node). */
  readonly type: string;
  readonly displayName: string;
  /** Its fields and outputs as Langflow's editor draws them (catalogue/); absent = not offered in the catalogue. */
  readonly definition?: ComponentDefinition;
  /** Fields that need an incoming edge or a non-empty value. */
  readonly required?: readonly string[];
  /** Extra build-time checks; throws FlowBuildError. */
  validate?(check: BuildCheck): void;
  run(ctx: ComponentContext): Promise<ComponentOutput>;
  /** What the component offers an agent in tool mode (Langflow's `component_as_tool` output). */
  readonly tools?: readonly ToolSpec[];
}

/** One tool a component offers: Langflow names it after the output's method. */
export interface ToolSpec {
  /** Default tool name (Langflow's output method: `fetch_content`, `evaluate_expression`). */
  name: string;
  /** The output whose value the tool returns. */
  output: string;
  description: string;
  /** The fields an agent fills (Langflow's `tool_mode` inputs), as JSON schemas. */
  args: Record<string, Record<string, unknown>>;
}
