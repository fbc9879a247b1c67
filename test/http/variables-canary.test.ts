// Credentials are write-only: a canary Credential value, once stored, never appears in any
// response body or header of any route (every route of the route table is called, the variable
// routes, a run, a streamed run and the flow export included, errors too), nor in the server's
// logs, nor in plaintext in any table.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { guardedRoutes } from '../../src/http/guards.js';
import { bearer, createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor, insertFlowFor, promptFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CANARY = `sk-CANARY-${randomBytes(12).toString('hex')}`;
const NEXT_CANARY = `sk-CANARY-${randomBytes(12).toString('hex')}`;
const TABLES = ['user', 'apikey', 'variable', 'folder', 'flow', 'fg_session', 'fg_audit_event', 'fg_login_throttle', 'fg_meta', 'fg_file'] as const;

/** A flow that loads the credential into a Prompt field that is not part of its template. */
function flowUsingCredential(name: string) {
  const data = promptFlowData('You said: {question}', { api_key: name });
  const prompt = data.nodes[1] as any;
  prompt.data.node.template.api_key.load_from_db = true;
  return data;
}

describe.each(databaseKinds())('credential canary on $kind', (kind) => {
  let server: TestServer;
  let user: TestUser;
  let auth: Record<string, string>;
  let apiKey: string;
  let variableId: string;
  let variableName: string;
  let flowId: string;
  /** Every response seen: status line, headers and body, for the final sweep. */
  const seen: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    user = await createUser(server);
    auth = await bearer(server, user);
    apiKey = (await createApiKeyFor(server, user.id)).key;
  });
  afterAll(() => server?.close());

  /** The body; an event stream (MCP's SSE endpoints never end) is read for a moment, then closed. */
  async function bodyOf(response: Response, controller: AbortController): Promise<string> {
    if (!(response.headers.get('content-type') ?? '').includes('event-stream')) return response.text();
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const stop = setTimeout(() => controller.abort(), 500);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted: what arrived is what is checked
    } finally {
      clearTimeout(stop);
    }
    return text;
  }

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
    const controller = new AbortController();
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    const text = await bodyOf(response, controller);
    const headerText = [...response.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
    seen.push(`${method} ${path} → ${response.status}\n${headerText}\n${text}`);
    expect(headerText, `${method} ${path} headers`).not.toContain(CANARY);
    expect(text, `${method} ${path} body`).not.toContain(CANARY);
    return { status: response.status, text };
  }

  it('create, list and patch never return the value', async () => {
    variableName = `CANARY_${randomUUID().slice(0, 8).toUpperCase()}`;
    const created = await call('POST', '/api/v1/variables/', { name: variableName, value: CANARY, type: 'Credential' });
    expect(created.status).toBe(201);
    variableId = JSON.parse(created.text).id;
    expect((await call('GET', '/api/v1/variables/')).status).toBe(200);
    expect((await call('PATCH', `/api/v1/variables/${variableId}`, { id: variableId, value: CANARY, default_fields: ['x'] })).status).toBe(200);
    expect((await call('PATCH', `/api/v1/variables/${variableId}`, { name: variableName })).status).toBe(200);
  });

  it('errors never repeat it: duplicate, missing name, wrong types, unknown id', async () => {
    expect((await call('POST', '/api/v1/variables/', { name: variableName, value: CANARY })).status).toBe(400);
    expect((await call('POST', '/api/v1/variables/', { value: CANARY, type: 'Credential' })).status).toBe(422);
    expect((await call('POST', '/api/v1/variables/', { name: 'X', value: CANARY, type: 'Bogus' })).status).toBe(422);
    expect((await call('POST', '/api/v1/variables/', { name: 'X', value: [CANARY] })).status).toBe(422);
    expect((await call('PATCH', `/api/v1/variables/${variableId}`, { value: [CANARY] })).status).toBe(422);
    expect((await call('PATCH', `/api/v1/variables/${randomUUID()}`, { value: CANARY })).status).toBe(404);
    expect((await call('PATCH', '/api/v1/variables/not-a-uuid', { value: CANARY })).status).toBe(422);
    expect((await call('POST', '/api/v1/variables/', { name: 'X', value: CANARY }, {})).status).toBe(403);
  });

  it('a run that uses it (JSON and streamed) never shows it', async () => {
    flowId = await insertFlowFor(server, user.id, flowUsingCredential(variableName));
    // A Credential in a field that is not a secret one (a prompt variable) is refused, by name.
    const refused = await call('POST', `/api/v1/run/${flowId}`, { input_value: 'hi' }, { 'x-api-key': apiKey });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(variableName);
    const streamed = await call('POST', `/api/v1/run/${flowId}?stream=true`, { input_value: 'hi' }, { 'x-api-key': apiKey });
    expect(streamed.text).toContain(variableName);
    // A failing run that loads it (a missing variable further on) names names, not values.
    const failing = flowUsingCredential(variableName);
    (failing.nodes[1] as any).data.node.template.question = { ...(failing.nodes[1] as any).data.node.template.question, value: 'NOT_A_VARIABLE_X', load_from_db: true };
    const broken = await insertFlowFor(server, user.id, failing);
    expect((await call('POST', `/api/v1/run/${broken}`, { input_value: 'hi' }, { 'x-api-key': apiKey })).status).toBe(400);
    // A credential as the session id is refused without repeating it.
    await call('POST', `/api/v1/run/${flowId}`, { input_value: 'hi', session_id: CANARY }, { 'x-api-key': apiKey });
  });

  it('the flow, its export and every other route never show it', async () => {
    expect((await call('GET', `/api/v1/flows/${flowId}`)).status).toBe(200);
    expect((await call('POST', '/api/v1/flows/download/', [flowId])).status).toBe(200);
    const app = await buildApp(server.deps);
    await app.ready();
    const routes = guardedRoutes(app).filter((r) => !r.url.includes('*') && r.method !== 'HEAD');
    await app.close();
    expect(routes.length).toBeGreaterThan(20);
    const ids: Record<string, string> = { flow_id: flowId, flow_id_or_name: flowId, variable_id: variableId, user_id: user.id };
    for (const route of routes) {
      // Ending the session or deleting would cut the sweep short; they are called at the end.
      if (route.method === 'DELETE' || /logout|refresh/.test(route.url)) continue;
      const path = route.url.replace(/:(\w+)/g, (_m, param: string) => ids[param] ?? randomUUID());
      const body = route.method === 'GET' ? undefined : {};
      await call(route.method, path, body);
      await call(route.method, path, body, { 'x-api-key': apiKey });
    }
    expect((await call('DELETE', `/api/v1/variables/${variableId}`)).status).toBe(204);
  });

  it('a value written under the new name then deleted leaves no trace either', async () => {
    const created = await call('POST', '/api/v1/variables/', { name: `${variableName}_2`, value: NEXT_CANARY });
    expect(created.text).not.toContain(NEXT_CANARY);
    await call('DELETE', `/api/v1/variables/${JSON.parse(created.text).id}`);
  });

  it('nothing in the logs, and no table holds it in plaintext', async () => {
    expect(seen.length).toBeGreaterThan(50);
    expect(server.logs.length).toBeGreaterThan(0);
    for (const line of server.logs) {
      expect(line).not.toContain(CANARY);
      expect(line).not.toContain(NEXT_CANARY);
    }
    for (const table of TABLES) {
      const rows = await server.deps.storage.db.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows), table).not.toContain(CANARY);
    }
  });
});
