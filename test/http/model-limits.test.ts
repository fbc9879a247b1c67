// The limits a model call is held to, with Langflow's Basic Prompting starter imported unchanged
// and the model chosen by a tweak: a provider that never answers ends the run at
// LANGFLOW_RUN_TIMEOUT_SECONDS (504) and at LANGFLOW_OUTBOUND_TIMEOUT_SECONDS (502), closing the
// connection to it; an answer over LANGFLOW_OUTBOUND_MAX_RESPONSE_MB is refused (502). A page
// that never answers ends Blog Writer's URL fetch at the same outbound time limit, before any
// model call. The limits are the engine's, not the database's: SQLite only, one server per limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { startSite, type Site } from '../helpers/component-flows.js';
import { sqliteKind } from '../helpers/databases.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';
import { createApiKeyFor, createFlowVia, eventually } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { modelChoice, nodeId, starter } from '../helpers/starters.js';

const USER_KEY = 'sk-limits-0123456789SECRET';

describe('model call limits', () => {
  let fake: FakeLlm;
  let site: Site;
  const servers: TestServer[] = [];
  const basic = starter('Basic Prompting');
  const tweaks = { [nodeId(basic, 'LanguageModelComponent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') } };

  /** A server with `env`, a user holding OPENAI_API_KEY, and Basic Prompting: a function that runs it. */
  async function runnerWith(env: Record<string, string>, starterName = 'Basic Prompting', runTweaks: Record<string, unknown> = tweaks) {
    const server = await startTestServer(sqliteKind, { env: { OPENAI_BASE_URL: fake.openaiUrl, ...env } });
    servers.push(server);
    const key = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    const headers = { 'content-type': 'application/json', 'x-api-key': key };
    const variable = await fetch(`${server.url}/api/v1/variables/`, { method: 'POST', headers, body: JSON.stringify({ name: 'OPENAI_API_KEY', value: USER_KEY, type: 'Credential' }) });
    expect(variable.status).toBe(201);
    const flowId = await createFlowVia(server, key, starter(starterName).data, { name: starterName });
    return async () => {
      const response = await fetch(`${server.url}/api/v1/run/${flowId}`, { method: 'POST', headers, body: JSON.stringify({ input_value: 'Hello', tweaks: runTweaks }) });
      const text = await response.text();
      return { status: response.status, text, detail: JSON.parse(text).detail as string };
    };
  }

  beforeAll(async () => {
    fake = await startFakeLlm();
    // A page that never answers: the request is held until the client goes away.
    site = await startSite({ '/slow': () => {} });
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await fake?.close();
    await site?.close();
  });
  beforeEach(() => fake.reset());

  it('a provider that never answers ends the run at LANGFLOW_RUN_TIMEOUT_SECONDS: 504, the call closed', async () => {
    const run = await runnerWith({ LANGFLOW_RUN_TIMEOUT_SECONDS: '1' });
    const closed = fake.closedStreams;
    fake.script({ hang: true });
    const res = await run();
    expect(res.status, res.text).toBe(504);
    expect(res.detail).toContain('LANGFLOW_RUN_TIMEOUT_SECONDS');
    expect(res.text).not.toContain(USER_KEY);
    await eventually(() => fake.closedStreams > closed, 'the provider connection to close');
  });

  it('a provider that never answers ends the call at LANGFLOW_OUTBOUND_TIMEOUT_SECONDS: 502 naming the provider', async () => {
    const run = await runnerWith({ LANGFLOW_OUTBOUND_TIMEOUT_SECONDS: '1' });
    const closed = fake.closedStreams;
    fake.script({ hang: true });
    const res = await run();
    expect(res.status, res.text).toBe(502);
    expect(res.detail).toContain('OpenAI request failed');
    expect(res.detail).toContain('took longer than 1 seconds');
    await eventually(() => fake.closedStreams > closed, 'the provider connection to close');
  });

  it('an answer over LANGFLOW_OUTBOUND_MAX_RESPONSE_MB is refused: 502, nothing of it returned', async () => {
    const run = await runnerWith({ LANGFLOW_OUTBOUND_MAX_RESPONSE_MB: '1' });
    fake.script({ text: 'x'.repeat(1_200_000) });
    const res = await run();
    expect(res.status, res.text.slice(0, 300)).toBe(502);
    expect(res.detail).toContain('larger than 1 MB (LANGFLOW_OUTBOUND_MAX_RESPONSE_MB)');
    expect(res.text.length).toBeLessThan(2000);
    // Under the limit the same server answers.
    fake.script({ text: 'y'.repeat(1000) });
    expect((await run()).status).toBe(200);
  });

  it('a page that never answers ends Blog Writer\'s URL fetch at LANGFLOW_OUTBOUND_TIMEOUT_SECONDS, before any model call', async () => {
    const blog = starter('Blog Writer');
    const run = await runnerWith({ LANGFLOW_OUTBOUND_TIMEOUT_SECONDS: '1', LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1' }, 'Blog Writer', {
      // continue_on_failure off, so the error says why the page was not read.
      [nodeId(blog, 'URLComponent')]: { urls: [`${site.url}/slow`], continue_on_failure: false },
      [nodeId(blog, 'LanguageModelComponent')]: { model: modelChoice('OpenAI', 'gpt-4o-mini') },
    });
    const res = await run();
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.detail).toContain('took longer than 1 seconds');
    expect(site.requests.some((request) => request.url === '/slow')).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });
});
