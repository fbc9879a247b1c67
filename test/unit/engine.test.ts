import { readFileSync } from 'node:fs';
import { FlowResponse } from '@datastax/langflow-client/flow_response';
import { describe, expect, it, vi } from 'vitest';
import { FlowBuildError, FlowTimeoutError, MissingVariableError, UnknownComponentError } from '../../src/engine/errors.js';
import { parseFlow, topologicalOrder } from '../../src/engine/flow-graph.js';
import { runFlow, type RunFlowOptions } from '../../src/engine/run-flow.js';
import { starterFlows } from '../../src/engine/starters.js';
import { toRunResponse } from '../../src/engine/langflow-response.js';
import { textChunks } from '../../src/engine/events.js';
import { formatPrompt } from '../../src/engine/prompt-template.js';

// ---------- helpers: small Langflow-shaped flows ----------

type Fields = Record<string, Record<string, unknown>>;

interface TestNode {
  id: string;
  type: string;
  position: { x: number; y: number };
  data: { id: string; type: string; node: { display_name: string; template: Record<string, unknown> } };
}

function node(id: string, type: string, fields: Fields = {}, displayName?: string): TestNode {
  return {
    id,
    type: 'genericNode',
    position: { x: 0, y: 0 },
    data: { id, type, node: { display_name: displayName ?? type, template: { _type: 'Component', ...fields } } },
  };
}

function value(v: unknown, extra: Record<string, unknown> = {}) {
  return { value: v, ...extra };
}

/** An edge with both handle forms, as Langflow writes it; `stringOnly` drops `data`. */
function link(source: string, target: string, fieldName: string, stringOnly = false) {
  const sourceType = source.split('-')[0];
  const sh = { dataType: sourceType, id: source, name: 'out', output_types: ['Message'] };
  const th = { fieldName, id: target, inputTypes: ['Message'], type: 'str' };
  const enc = (h: object) => JSON.stringify(h).replaceAll('"', 'œ');
  return {
    source,
    target,
    sourceHandle: enc(sh),
    targetHandle: enc(th),
    ...(stringOnly ? {} : { data: { sourceHandle: sh, targetHandle: th } }),
  };
}

function threeNodeFlow(template = 'Say it like a pirate: {question}') {
  return {
    nodes: [
      node('ChatInput-aaaaa', 'ChatInput', { input_value: value('') }, 'Chat Input'),
      node('Prompt-bbbbb', 'Prompt', { template: value(template), question: value('') }, 'Prompt'),
      node('ChatOutput-ccccc', 'ChatOutput', { input_value: value('') }, 'Chat Output'),
    ],
    edges: [link('ChatInput-aaaaa', 'Prompt-bbbbb', 'question'), link('Prompt-bbbbb', 'ChatOutput-ccccc', 'input_value')],
  };
}

function options(extra: Partial<RunFlowOptions> = {}): RunFlowOptions {
  return {
    flowId: '11111111-2222-3333-4444-555555555555',
    sessionId: 'session-1',
    resolveVariable: async () => undefined,
    ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/flows/langflow-basic-prompting.json', import.meta.url), 'utf8'),
) as { data: unknown; name: string };

// ---------- running ----------

describe('runFlow', () => {
  it('runs Chat Input → Prompt → Chat Output and returns the formatted prompt', async () => {
    const result = await runFlow(threeNodeFlow(), options({ inputValue: 'where is the treasure?' }));
    expect(result.outputs).toHaveLength(1);
    const [out] = result.outputs;
    expect(out!.componentId).toBe('ChatOutput-ccccc');
    expect(out!.message.text).toBe('Say it like a pirate: where is the treasure?');
    expect(out!.message.sender).toBe('Machine');
    expect(out!.message.sender_name).toBe('AI');
    expect(out!.message.session_id).toBe('session-1');
    expect(out!.message.flow_id).toBe('11111111-2222-3333-4444-555555555555');
    expect(out!.message.properties.source).toMatchObject({ id: 'Prompt-bbbbb', display_name: 'Prompt' });
    expect(result.messages.map((m) => [m.sender, m.text])).toEqual([
      ['User', 'where is the treasure?'],
      ['Machine', 'Say it like a pirate: where is the treasure?'],
    ]);
  });

  it('keeps the Chat Input text when no input_value is given', async () => {
    const flow = threeNodeFlow();
    flow.nodes[0]!.data.node.template.input_value = value('typed in the editor');
    const result = await runFlow(flow, options());
    expect(result.outputs[0]!.message.text).toBe('Say it like a pirate: typed in the editor');
  });

  it('formats prompts as f-strings: {{ }} escape, field values fill unconnected variables', async () => {
    expect(formatPrompt('{{literal}} {a} {{{a}}}', () => 'x')).toBe('{literal} x {x}');
    const flow = threeNodeFlow('{greeting}, {question} {{not a variable}}');
    flow.nodes[1]!.data.node.template = { ...flow.nodes[1]!.data.node.template, greeting: value('Ahoy') };
    const result = await runFlow(flow, options({ inputValue: 'matey' }));
    expect(result.outputs[0]!.message.text).toBe('Ahoy, matey {not a variable}');
  });

  it('rejects a prompt variable with neither a field nor a connection, naming the component', async () => {
    const error = await rejection(runFlow(threeNodeFlow('{question} {missing}'), options({ inputValue: 'x' })));
    expect(error).toBeInstanceOf(FlowBuildError);
    expect(error.message).toContain('Prompt (Prompt-bbbbb)');
    expect(error.message).toContain('missing');
  });

  it('rejects an invalid prompt template', async () => {
    const error = await rejection(runFlow(threeNodeFlow('a lone { brace'), options({ inputValue: 'x' })));
    expect(error).toBeInstanceOf(FlowBuildError);
    expect(error.message).toContain('Prompt (Prompt-bbbbb)');
  });

  it('routes input_value by input_type and picks outputs by output_type', async () => {
    const flow = {
      nodes: [
        node('TextInput-one11', 'TextInput', { input_value: value('left') }, 'First'),
        node('TextInput-two22', 'TextInput', { input_value: value('right') }, 'Second'),
        node('CombineText-ccc', 'CombineText', { text1: value(''), text2: value(''), delimiter: value(' | ') }),
        node('TextOutput-ddd', 'TextOutput', { input_value: value('') }),
      ],
      edges: [
        link('TextInput-one11', 'CombineText-ccc', 'text1'),
        link('TextInput-two22', 'CombineText-ccc', 'text2'),
        link('CombineText-ccc', 'TextOutput-ddd', 'input_value'),
      ],
    };
    const asText = await runFlow(flow, options({ outputType: 'text' }));
    expect(asText.outputs.map((o) => [o.componentId, o.outputName, o.message.text])).toEqual([
      ['TextOutput-ddd', 'text', 'left | right'],
    ]);
    // 'chat' (the default) selects no Text Output, and a chat input_value reaches no Text Input.
    const asChat = await runFlow(flow, options({ inputValue: 'ignored' }));
    expect(asChat.outputs).toEqual([]);
    // 'text' sends input_value to every Text Input, as Langflow does.
    const both = await runFlow(flow, options({ inputValue: 'same', inputType: 'text', outputType: 'any' }));
    expect(both.outputs[0]!.message.text).toBe('same | same');
    const debug = await runFlow(flow, options({ outputType: 'debug' }));
    expect(debug.outputs.map((o) => o.componentId)).toEqual(['TextInput-one11', 'TextInput-two22', 'CombineText-ccc', 'TextOutput-ddd']);
  });

  it('uses a space as Combine Text’s default delimiter', async () => {
    const flow = {
      nodes: [
        node('CombineText-ccc', 'CombineText', { text1: value('a'), text2: value('b') }),
        node('TextOutput-ddd', 'TextOutput', { input_value: value('') }),
      ],
      edges: [link('CombineText-ccc', 'TextOutput-ddd', 'input_value')],
    };
    expect((await runFlow(flow, options({ outputType: 'text' }))).outputs[0]!.message.text).toBe('a b');
  });

  it('reads the field from the targetHandle string when the edge has no data', async () => {
    const flow = threeNodeFlow();
    flow.edges = [link('ChatInput-aaaaa', 'Prompt-bbbbb', 'question', true), link('Prompt-bbbbb', 'ChatOutput-ccccc', 'input_value', true)];
    const result = await runFlow(flow, options({ inputValue: 'via strings' }));
    expect(result.outputs[0]!.message.text).toBe('Say it like a pirate: via strings');
  });

  it('runs a real Langflow export (notes, code fields and all)', async () => {
    const result = await runFlow(fixture.data, options({ inputValue: 'What is a graph?', flowName: fixture.name }));
    expect(result.outputs).toHaveLength(1);
    expect(result.outputs[0]!.componentDisplayName).toBe('Chat Output');
    expect(result.outputs[0]!.message.text).toBe(
      'You are a patient teacher. Reply in one short paragraph.\n\nUser: What is a graph?\n\nAnswer:',
    );
  });

  it('runs every starter flow; Basic Prompting, with its model, asks for the provider key (its run against a model: test/http/language-model)', async () => {
    const starters = starterFlows();
    expect(starters.map((s) => s.name)).toEqual(['Basic Prompting', 'Text Combiner', 'Writing Assistant']);
    for (const starter of starters) expect(starter.description.length).toBeGreaterThan(10);
    const keyless = await rejection(runFlow(starters[0]!.data, options({ inputValue: 'Write a thank-you note', outputType: 'any' })));
    expect(keyless.message).toContain('Language Model (LanguageModelComponent-LsJMR) needs an OpenAI API key');
    expect(keyless.message).toContain('OPENAI_API_KEY');
    const texts: string[] = [];
    for (const starter of starters.slice(1)) {
      const result = await runFlow(starter.data, options({ inputValue: 'Write a thank-you note', outputType: 'any' }));
      expect(result.outputs).toHaveLength(1);
      texts.push(result.outputs[0]!.message.text);
    }
    expect(texts[0]).toBe('Hello, world');
    expect(texts[1]).toBe(
      'You are a writing assistant. Write in a friendly and concise tone.\n\nRequest: Write a thank-you note\n\nKeep placeholders such as {name} as they are.',
    );
    // Fresh copies each call.
    starters[0]!.name = 'changed';
    expect(starterFlows()[0]!.name).toBe('Basic Prompting');
  });
});

// ---------- tweaks ----------

describe('tweaks', () => {
  it('override template values by component id', async () => {
    const flow = threeNodeFlow();
    const result = await runFlow(flow, options({ inputValue: 'x', tweaks: { 'Prompt-bbbbb': { template: 'Tweaked: {question}' } } }));
    expect(result.outputs[0]!.message.text).toBe('Tweaked: x');
    // The caller's data is not changed.
    expect(flow.nodes[1]!.data.node.template.template).toEqual(value('Say it like a pirate: {question}'));
  });

  it('override template values by display name, and leave unknown fields and components alone', async () => {
    const result = await runFlow(
      starterFlows()[2]!.data,
      options({ inputValue: 'a memo', tweaks: { Tone: { input_value: 'formal', no_such_field: 1 }, Nobody: { x: 1 } } }),
    );
    expect(result.outputs[0]!.message.text).toContain('Write in a formal tone.');
  });

  it('lose to the request’s input_value on input components, as in Langflow', async () => {
    const result = await runFlow(threeNodeFlow(), options({ inputValue: 'from request', tweaks: { 'Chat Input': { input_value: 'from tweak' } } }));
    expect(result.outputs[0]!.message.text).toBe('Say it like a pirate: from request');
  });
});

// ---------- global variables ----------

describe('load_from_db variables', () => {
  function flowWithVariable() {
    const flow = threeNodeFlow('{persona} says: {question}');
    flow.nodes[1]!.data.node.template = {
      ...flow.nodes[1]!.data.node.template,
      persona: value('PERSONA_NAME', { load_from_db: true }),
    };
    return flow;
  }

  it('are resolved through the callback, once per name', async () => {
    const resolveVariable = vi.fn(async (name: string) => (name === 'PERSONA_NAME' ? 'Captain Flint' : undefined));
    const result = await runFlow(flowWithVariable(), options({ inputValue: 'hi', resolveVariable }));
    expect(result.outputs[0]!.message.text).toBe('Captain Flint says: hi');
    expect(resolveVariable).toHaveBeenCalledTimes(1);
    expect(resolveVariable).toHaveBeenCalledWith('PERSONA_NAME', { field: 'persona', secret: false });
  });

  it('missing → MissingVariableError naming the variable (never a value)', async () => {
    const error = await rejection(runFlow(flowWithVariable(), options({ inputValue: 'hi' })));
    expect(error).toBeInstanceOf(MissingVariableError);
    expect((error as MissingVariableError).variableName).toBe('PERSONA_NAME');
    expect((error as MissingVariableError).status).toBe(400);
    expect(error.message).toContain('PERSONA_NAME');
    expect(error.message).toContain('Prompt (Prompt-bbbbb)');
  });

  it('a tweaked field is a plain value, not a variable name', async () => {
    const resolveVariable = vi.fn(async () => undefined);
    const result = await runFlow(
      flowWithVariable(),
      options({ inputValue: 'hi', resolveVariable, tweaks: { 'Prompt-bbbbb': { persona: 'PERSONA_NAME' } } }),
    );
    expect(result.outputs[0]!.message.text).toBe('PERSONA_NAME says: hi');
    expect(resolveVariable).not.toHaveBeenCalled();
  });
});

// ---------- build errors ----------

describe('build errors', () => {
  it('a cycle is a FlowBuildError naming the components on it', async () => {
    const flow = {
      nodes: [
        node('ChatInput-aaaaa', 'ChatInput', { input_value: value('') }, 'Chat Input'),
        node('Prompt-one11', 'Prompt', { template: value('{a}{b}'), a: value(''), b: value('') }, 'First Prompt'),
        node('Prompt-two22', 'Prompt', { template: value('{a}'), a: value('') }, 'Second Prompt'),
        node('ChatOutput-ccccc', 'ChatOutput', { input_value: value('') }, 'Chat Output'),
      ],
      edges: [
        link('ChatInput-aaaaa', 'Prompt-one11', 'a'),
        link('Prompt-one11', 'Prompt-two22', 'a'),
        link('Prompt-two22', 'Prompt-one11', 'b'),
        link('Prompt-two22', 'ChatOutput-ccccc', 'input_value'),
      ],
    };
    const error = await rejection(runFlow(flow, options()));
    expect(error).toBeInstanceOf(FlowBuildError);
    expect(error.message).toContain('cycle');
    expect(error.message).toContain('First Prompt (Prompt-one11)');
    expect(error.message).toContain('Second Prompt (Prompt-two22)');
    expect(error.message).not.toContain('Chat Input');
    expect(error.message).not.toContain('Chat Output');
  });

  it('a self-loop is a cycle', () => {
    const graph = parseFlow({ nodes: [node('Prompt-x', 'Prompt', { template: value('{a}') })], edges: [link('Prompt-x', 'Prompt-x', 'a')] });
    expect(() => topologicalOrder(graph)).toThrow(/cycle: Prompt \(Prompt-x\) → Prompt \(Prompt-x\)/);
  });

  it('orders components topologically, ties in file order', () => {
    const flow = threeNodeFlow();
    flow.nodes.reverse();
    const order = topologicalOrder(parseFlow(flow)).map((n) => n.id);
    expect(order).toEqual(['ChatInput-aaaaa', 'Prompt-bbbbb', 'ChatOutput-ccccc']);
  });

  it('an unknown component type is an UnknownComponentError (a FlowBuildError) naming it', async () => {
    const flow = threeNodeFlow();
    flow.nodes.push(node('AstraDB-zzzzz', 'AstraDB', {}, 'Astra DB'));
    const error = await rejection(runFlow(flow, options()));
    expect(error).toBeInstanceOf(UnknownComponentError);
    expect(error).toBeInstanceOf(FlowBuildError);
    expect((error as UnknownComponentError).componentType).toBe('AstraDB');
    expect(error.message).toContain('AstraDB');
    expect(error.message).toContain('Astra DB (AstraDB-zzzzz)');
  });

  it('a missing required input is a FlowBuildError naming the component and field', async () => {
    const flow = threeNodeFlow();
    flow.edges = flow.edges.slice(0, 1);
    const error = await rejection(runFlow(flow, options()));
    expect(error).toBeInstanceOf(FlowBuildError);
    expect(error.message).toContain('Chat Output (ChatOutput-ccccc)');
    expect(error.message).toContain('input_value');
    expect((error as FlowBuildError).componentId).toBe('ChatOutput-ccccc');
    expect((error as FlowBuildError).status).toBe(400);
  });

  it('a template field marked required needs a value too', async () => {
    const flow = threeNodeFlow();
    flow.nodes[1]!.data.node.template = { ...flow.nodes[1]!.data.node.template, question: value('', { required: true }) };
    flow.edges = [link('Prompt-bbbbb', 'ChatOutput-ccccc', 'input_value')];
    const error = await rejection(runFlow(flow, options()));
    expect(error).toBeInstanceOf(FlowBuildError);
    expect(error.message).toMatch(/Prompt \(Prompt-bbbbb\).*"question"/);
  });

  it('an edge to a missing component is a FlowBuildError', async () => {
    const flow = threeNodeFlow();
    flow.edges.push(link('Prompt-bbbbb', 'ChatOutput-gone0', 'input_value'));
    const error = await rejection(runFlow(flow, options()));
    expect(error).toBeInstanceOf(FlowBuildError);
    expect(error.message).toContain('ChatOutput-gone0');
    expect(error.message).toContain('Prompt (Prompt-bbbbb)');
  });

  it('bad shapes are FlowBuildErrors; unknown extra fields are ignored', async () => {
    for (const bad of [null, 'x', {}, { nodes: {} }, { nodes: [], edges: 'no' }, { nodes: [{ id: 'A-1', data: {} }] }]) {
      await expect(runFlow(bad, options())).rejects.toBeInstanceOf(FlowBuildError);
    }
    const flow = { ...threeNodeFlow(), viewport: { x: 0, y: 0, zoom: 1 }, something: 'else' };
    await expect(runFlow(flow, options({ inputValue: 'ok' }))).resolves.toBeTruthy();
  });

  it('build errors stop the run before any event', async () => {
    const events: string[] = [];
    const flow = threeNodeFlow();
    flow.edges = flow.edges.slice(0, 1);
    await expect(runFlow(flow, options({ onEvent: (e) => events.push(e) }))).rejects.toBeInstanceOf(FlowBuildError);
    expect(events).toEqual([]);
  });
});

// ---------- time limit ----------

describe('time limit', () => {
  it('a run that outlives timeoutMs fails with FlowTimeoutError, on time', async () => {
    const flow = threeNodeFlow('{persona}: {question}');
    flow.nodes[1]!.data.node.template = { ...flow.nodes[1]!.data.node.template, persona: value('SLOW', { load_from_db: true }) };
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 2_000));
    const started = Date.now();
    const error = await rejection(runFlow(flow, options({ inputValue: 'x', timeoutMs: 50, resolveVariable: slow })));
    expect(error).toBeInstanceOf(FlowTimeoutError);
    expect((error as FlowTimeoutError).status).toBe(504);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a generous limit does not fire', async () => {
    const result = await runFlow(threeNodeFlow(), options({ inputValue: 'x', timeoutMs: 5_000 }));
    expect(result.outputs[0]!.message.text).toBe('Say it like a pirate: x');
  });

  it('an aborted signal stops the run', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    const error = await rejection(runFlow(threeNodeFlow(), options({ signal: controller.signal })));
    expect(error.message).toBe('client went away');
  });
});

// ---------- events ----------

describe('events', () => {
  it('emit add_message (input), token chunks, then add_message (output), in order', async () => {
    const events: { event: string; data: any }[] = [];
    const text = 'Say it like a pirate: one two three four five six seven';
    const result = await runFlow(
      threeNodeFlow(),
      options({
        inputValue: 'one two three four five six seven',
        onEvent: (event, data) => events.push({ event, data }),
        now: () => new Date('2025-01-31T12:34:56.789Z'),
      }),
    );
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('add_message');
    expect(names.at(-1)).toBe('add_message');
    expect(names.slice(1, -1).every((n) => n === 'token')).toBe(true);
    expect(names.length).toBeGreaterThan(3);

    const [first, ...rest] = events;
    const last = rest.pop()!;
    expect(first!.data).toMatchObject({
      sender: 'User',
      sender_name: 'User',
      session_id: 'session-1',
      text: 'one two three four five six seven',
      files: [],
      edit: false,
      category: 'message',
      content_blocks: [],
      flow_id: '11111111-2222-3333-4444-555555555555',
      timestamp: '2025-01-31 12:34:56 UTC',
    });
    expect(typeof first!.data.id).toBe('string');
    expect(first!.data.properties).toMatchObject({ state: 'complete', source: expect.any(Object) });
    expect(last.data).toMatchObject({ sender: 'Machine', sender_name: 'AI', text });
    expect(last.data.id).toBe(result.outputs[0]!.message.id);
    expect(last.data.id).not.toBe(first!.data.id);
    expect(rest.map((e) => e.data.chunk).join('')).toBe(text);
    for (const token of rest) {
      expect(token.data).toEqual({ chunk: expect.any(String), id: last.data.id, timestamp: '2025-01-31 12:34:56 UTC' });
    }
  });

  it('chunks text into a few words, losslessly', () => {
    for (const text of ['', 'one', '  lead and trail  ', 'a\nb\tc d e f g h']) {
      expect(textChunks(text).join('')).toBe(text);
    }
    expect(textChunks('a b c d e f g')).toEqual(['a b c ', 'd e f ', 'g']);
  });
});

// ---------- response ----------

describe('toRunResponse', () => {
  it('has Langflow’s shape, and @datastax/langflow-client reads the chat text from it', async () => {
    const result = await runFlow(fixture.data, options({ inputValue: 'What is a graph?', sessionId: 'sess-42' }));
    const response = toRunResponse(result, 'What is a graph?');
    const text = 'You are a patient teacher. Reply in one short paragraph.\n\nUser: What is a graph?\n\nAnswer:';

    expect(response.session_id).toBe('sess-42');
    expect(response.outputs).toHaveLength(1);
    expect(response.outputs[0]!.inputs).toEqual({ input_value: 'What is a graph?' });
    const data = response.outputs[0]!.outputs[0]!;
    // As Langflow 1.1+: a chat output carries the message object, not a bare string.
    expect(data.outputs.message).toEqual({ message: expect.objectContaining({ text, sender: 'Machine', sender_name: 'AI' }), type: 'message' });
    expect(data.results.message).toMatchObject({
      text,
      sender: 'Machine',
      sender_name: 'AI',
      session_id: 'sess-42',
      flow_id: '11111111-2222-3333-4444-555555555555',
      text_key: 'text',
      data: { text },
    });
    expect(typeof data.results.message!.timestamp).toBe('string');
    expect(data.messages).toEqual([
      {
        message: text,
        sender: 'Machine',
        sender_name: 'AI',
        session_id: 'sess-42',
        stream_url: null,
        component_id: 'ChatOutput-eXq1Z',
        files: [],
        type: 'message',
      },
    ]);
    expect(data.logs).toEqual({ message: [] });
    expect(data.artifacts).toMatchObject({ message: text, sender: 'Machine', sender_name: 'AI', files: [] });
    expect(data).toMatchObject({
      timedelta: null,
      duration: null,
      component_id: 'ChatOutput-eXq1Z',
      component_display_name: 'Chat Output',
      used_frozen_result: false,
    });

    // The official client, reading the JSON as it would from the wire.
    const client = new FlowResponse(JSON.parse(JSON.stringify(response)));
    expect(client.sessionId).toBe('sess-42');
    expect(client.chatOutputText()).toBe(text);
  });

  it('defaults inputs.input_value to the run’s input, and has no chat text for text outputs', async () => {
    const result = await runFlow(starterFlows()[1]!.data, options({ outputType: 'text' }));
    const response = toRunResponse(result);
    expect(response.outputs[0]!.inputs).toEqual({ input_value: '' });
    const data = response.outputs[0]!.outputs[0]!;
    expect(data.outputs).toEqual({ text: { message: 'Hello, world', type: 'text' } });
    expect(data.messages).toEqual([]);
    expect(new FlowResponse(response).chatOutputText()).toBeUndefined();
  });
});
