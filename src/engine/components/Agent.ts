// Langflow's Agent: a tool-calling loop. The model (its own `model` field, or a connected
// model component) gets the system prompt, the session's earlier messages, the input and the
// tools (components connected in tool mode, named as their `tools_metadata` says, plus
// `get_current_date` when `add_current_date_tool` is on). Each tool call runs the tool and goes
// back as a `tool` message with the call's id, until the model answers or `max_iterations`.
// Images attached to the input message go with it, as for a Language Model.
// The steps are the answer's `content_blocks`, as Langflow's "Agent Steps".
import { agentDefinition } from '../catalogue/definitions/agents.js';
import type { Component, ComponentContext } from '../component.js';
import { ComponentRunError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import { createMessage, isMessage, type Message } from '../message.js';
import type { ChatMessage, ToolSpec } from '../models/chat-types.js';
import { boolField, modelOf, positiveInt } from '../models/model-handle.js';
import { userTurn } from '../models/user-turn.js';
import type { Tool } from '../tools.js';

const DEFAULT_MAX_ITERATIONS = 15;
const DEFAULT_HISTORY = 100;

interface Step {
  type: 'tool_use';
  name: string;
  tool_input: unknown;
  output: string;
}

export const Agent: Component = {
  type: 'Agent',
  displayName: 'Agent',
  definition: agentDefinition,
  async run(ctx) {
    const handle = await modelOf(ctx);
    const tools = toolsOf(ctx);
    if (boolField(ctx, 'add_current_date_tool') || ctx.input('add_current_date_tool') === undefined) tools.push(currentDateTool(ctx));
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const specs: ToolSpec[] = tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));

    const messages: ChatMessage[] = [];
    const system = ctx.text('system_prompt');
    if (system.trim() !== '') messages.push({ role: 'system', content: system });
    messages.push(...(await history(ctx)));
    messages.push(await userTurn(ctx));

    const steps: Step[] = [];
    const maxIterations = positiveInt(ctx, 'max_iterations') ?? DEFAULT_MAX_ITERATIONS;
    // As Langflow's agent, the model's text streams as `token` events under the answer's id
    // when the answer goes straight to a Chat Output in a streaming run.
    const stream = ctx.tokenStream();
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      const result = await handle.model.chat(
        {
          messages,
          tools: specs.length ? specs : undefined,
          toolChoice: specs.length ? 'auto' : undefined,
          temperature: handle.temperature,
          maxTokens: handle.maxTokens,
          onToken: stream?.push,
        },
        ctx.signal,
      );
      if (result.toolCalls.length === 0) {
        const answer = createMessage({
          id: stream?.id ?? null,
          text: result.text,
          timestamp: ctx.timestamp(),
          sender: 'Machine',
          sender_name: 'AI',
          session_id: ctx.sessionId,
          flow_id: ctx.flowId,
        });
        answer.content_blocks = steps.length ? [{ title: 'Agent Steps', contents: steps }] : [];
        return { outputName: 'response', value: answer, streamedId: stream?.id };
      }
      messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      for (const call of result.toolCalls) {
        const tool = byName.get(call.name);
        const args = parseArguments(call.arguments);
        const output = tool ? await runTool(tool, args) : `Error: there is no tool named "${call.name}"`;
        steps.push({ type: 'tool_use', name: call.name, tool_input: args, output });
        messages.push({ role: 'tool', content: output, toolCallId: call.id, name: call.name });
      }
    }
    throw new ComponentRunError(`${describeNode(ctx.node)} stopped after ${maxIterations} iterations without an answer (max_iterations)`, ctx.node.id);
  },
};

function toolsOf(ctx: ComponentContext): Tool[] {
  const value = ctx.input('tools');
  const flat = (Array.isArray(value) ? value.flat(2) : [value]) as unknown[];
  return flat.filter((item): item is Tool => typeof item === 'object' && item !== null && typeof (item as Tool).invoke === 'function');
}

async function runTool(tool: Tool, args: Record<string, unknown>): Promise<string> {
  try {
    return await tool.invoke(args);
  } catch (error) {
    // The model reads what went wrong and may try again, as with Langflow's handle_parsing_errors.
    if (error instanceof ComponentRunError) return `Error: ${error.message}`;
    throw error;
  }
}

function currentDateTool(ctx: ComponentContext): Tool {
  return {
    name: 'get_current_date',
    description: 'Returns the current date and time in UTC.',
    parameters: { type: 'object', properties: {}, required: [] },
    componentId: ctx.node.id,
    componentDisplayName: 'Current Date',
    invoke: async () => `Current date and time in UTC: ${ctx.timestamp()}`,
  };
}

/** The session's earlier messages (the caller's), without the input being answered now. */
async function history(ctx: ComponentContext): Promise<ChatMessage[]> {
  if (!ctx.messages) return [];
  const limit = positiveInt(ctx, 'n_messages') ?? DEFAULT_HISTORY;
  const input = ctx.input('input_value');
  const currentId = isMessage(input) ? input.id : null;
  const stored: Message[] = await ctx.messages.history({ sessionId: ctx.sessionId, limit: limit + 1 });
  return stored
    .filter((message) => message.id !== currentId)
    .slice(-limit)
    .map((message): ChatMessage => (message.sender === 'User' ? { role: 'user', content: message.text } : { role: 'assistant', content: message.text }));
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
