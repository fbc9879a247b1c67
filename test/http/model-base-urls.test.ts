// Where the operator points OpenAI models, with Langflow's Basic Prompting starter imported
// unchanged and the model chosen by a tweak: OPENAI_API_BASE (LangChain's older name) alone is
// used, and the user's stored key goes there (it is the operator's address, not the flow's);
// with both set, OPENAI_BASE_URL (the SDK's name) wins and the other address hears nothing.
// (ANTHROPIC_BASE_URL and OLLAMA_BASE_URL are reached in language-model.test.ts.) The rule is
// the configuration's, not the database's: SQLite only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { sqliteKind } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

const USER_KEY = 'sk-base-url-0123456789SECRET';

describe('the operator\'s OpenAI address', () => {
  let older: FakeLlm;
  let newer: FakeLlm;
  const servers: TestServer[] = [];
  const basic = starter('Basic Prompting');
  const tweaks = { [nodeId(basic, 'LanguageModelComponent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } };

  beforeAll(async () => {
    older = await startFakeLlm();
    newer = await startFakeLlm();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await older?.close();
    await newer?.close();
  });

  /** Runs Basic Prompting once on a server started with `env`, as a user holding OPENAI_API_KEY. */
  async function runWith(env: Record<string, string>) {
    const server = await startTestServer(sqliteKind, { env });
    servers.push(server);
    const key = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    const headers = { 'content-type': 'application/json', 'x-api-key': key };
    const variable = await fetch(`${server.url}/api/v1/variables/`, { method: 'POST', headers, body: JSON.stringify({ name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' }) });
    expect(variable.status).toBe(201);
    const flowId = await createFlowVia(server, key, basic.data, { name: 'Basic Prompting' });
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, { method: 'POST', headers, body: JSON.stringify({ input_value: 'Hello', tweaks }) });
    const text = await response.text();
    return { status: response.status, text, answer: response.status === 200 ? JSON.parse(text).outputs[0].outputs[0].outputs.message.message.text : undefined };
  }

  it('OPENAI_API_BASE alone: the run reaches it with the user\'s key', async () => {
    older.reset();
    older.script({ text: 'from the older name' });
    const run = await runWith({ OPENAI_API_BASE: older.openaiUrl });
    expect(run.status, run.text).toBe(200);
    expect(run.answer).toBe('from the older name');
    expect(older.requests).toHaveLength(1);
    expect(older.requests[0]!.path).toBe('/v1/chat/completions');
    expect(older.requests[0]!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(run.text).not.toContain(USER_KEY);
  });

  it('both set: OPENAI_BASE_URL wins, OPENAI_API_BASE hears nothing', async () => {
    older.reset();
    newer.reset();
    newer.script({ text: 'from the newer name' });
    const run = await runWith({ OPENAI_BASE_URL: newer.openaiUrl, OPENAI_API_BASE: older.openaiUrl });
    expect(run.status, run.text).toBe(200);
    expect(run.answer).toBe('from the newer name');
    expect(newer.requests).toHaveLength(1);
    expect(newer.requests[0]!.headers.authorization).toBe(`Bearer ${USER_KEY}`);
    expect(older.requests).toHaveLength(0);
  });
});
