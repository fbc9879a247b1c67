// Global variables inside runs: variables made through the API fill `load_from_db` fields; a
// request header overrides them for one run; FALLBACK_TO_ENV_VAR reads the environment (on and
// off); a Credential or an environment value fills only secret fields; a missing one is a 400 naming it; a Credential never becomes a session id.
import { randomUUID } from 'node:crypto';
import { FlowResponse } from '@datastax/langflow-client/flow_response';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariableResolver } from '../../src/services/variables/variable-resolver.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { CHAT_INPUT_ID, createApiKeyFor, insertFlowFor, promptFlowData, variableFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV_ONLY = 'FG_RUNS_ENV_ONLY_PERSONA';

/** The prompt flow whose Chat Input takes its session id from the variable `name`. */
function sessionFromVariableFlow(name: string) {
  const data = promptFlowData();
  const chatInput = data.nodes[0] as any;
  expect(chatInput.data.id ?? chatInput.id).toBe(CHAT_INPUT_ID);
  Object.assign(chatInput.data.node.template.session_id, { value: name, load_from_db: true });
  return data;
}

describe.each(databaseKinds())('variables in runs on $kind', (kind) => {
  let server: TestServer;
  let user: TestUser;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_FALLBACK_TO_ENV_VAR: 'true', LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT: ENV_ONLY, [ENV_ONLY]: 'Env Parrot' } });
    user = await createUser(server);
    key = (await createApiKeyFor(server, user.id)).key;
  });
  afterAll(() => server?.close());

  const unique = (prefix: string) => `${prefix}_${randomUUID().slice(0, 8).toUpperCase()}`;

  async function createVariable(name: string, value: string, type: 'Generic' | 'Credential') {
    const response = await fetch(`${server.url}/api/v1/variables/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ name, value, type }),
    });
    expect(response.status).toBe(201);
  }

  async function run(flowId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }
  const textOf = (body: unknown) => new FlowResponse(body as never).chatOutputText();

  it('a Credential fills only a secret field: into a prompt\'s text it is refused (400), its value never shown', async () => {
    const name = unique('PERSONA');
    await createVariable(name, 'Captain Secret', 'Credential');
    const flow = await insertFlowFor(server, user.id, variableFlowData(name));
    const res = await run(flow, { input_value: 'ahoy' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(name);
    expect(JSON.stringify(res.body)).not.toContain('Captain Secret');
    const resolve = makeVariableResolver(server.deps, user.id, {});
    await expect(resolve(name, { field: 'api_key', secret: true })).resolves.toBe('Captain Secret');
  });

  it('a Generic one too', async () => {
    const name = unique('TONE');
    await createVariable(name, 'Plain Parrot', 'Generic');
    const flow = await insertFlowFor(server, user.id, variableFlowData(name));
    expect(textOf((await run(flow, { input_value: 'hi' })).body)).toBe('Plain Parrot says: hi');
  });

  it('the X-LANGFLOW-GLOBAL-VAR-<NAME> header overrides the stored value for that run only', async () => {
    const name = unique('OVERRIDE');
    await createVariable(name, 'Stored Sailor', 'Generic');
    const flow = await insertFlowFor(server, user.id, variableFlowData(name));
    const overridden = await run(flow, { input_value: 'x' }, { [`X-LANGFLOW-GLOBAL-VAR-${name}`]: 'Header Sailor' });
    expect(textOf(overridden.body)).toBe('Header Sailor says: x');
    expect(textOf((await run(flow, { input_value: 'y' })).body)).toBe('Stored Sailor says: y');
  });

  it('falls back to the environment (secret fields only) when the user has no such variable; a stored one wins', async () => {
    const flow = await insertFlowFor(server, user.id, variableFlowData(ENV_ONLY));
    const plain = await run(flow, { input_value: 'a' });
    expect(plain.status).toBe(400);
    expect(JSON.stringify(plain.body)).not.toContain('Env Parrot');
    const resolve = makeVariableResolver(server.deps, user.id, {});
    await expect(resolve(ENV_ONLY, { field: 'api_key', secret: true })).resolves.toBe('Env Parrot');
    await createVariable(ENV_ONLY, 'Stored Parrot', 'Generic');
    expect(textOf((await run(flow, { input_value: 'b' })).body)).toBe('Stored Parrot says: b');
  });

  it('a missing variable is a 400 naming it', async () => {
    const name = unique('NOWHERE');
    const flow = await insertFlowFor(server, user.id, variableFlowData(name));
    const res = await run(flow, { input_value: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(name);
  });

  it('another user\'s variable of that name is not used', async () => {
    const name = unique('FOREIGN');
    await createVariable(name, 'Not Yours', 'Credential');
    const stranger = await createUser(server);
    const strangerKey = (await createApiKeyFor(server, stranger.id)).key;
    const flow = await insertFlowFor(server, stranger.id, variableFlowData(name));
    const res = await run(flow, { input_value: 'x' }, { 'x-api-key': strangerKey });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Not Yours');
  });

  describe('a Credential never becomes a session id', () => {
    it('the resolver refuses a Credential asked for a session_id field, with Langflow\'s message', async () => {
      const name = unique('SESSION_CRED');
      await createVariable(name, 'cred-session-value', 'Credential');
      const resolve = makeVariableResolver(server.deps, user.id, {});
      await expect(resolve(name, { field: 'session_id', secret: false })).rejects.toThrow(
        `variable ${name} of type 'Credential' cannot be used in a Session ID field because its purpose is to prevent the exposure of values.`,
      );
      await expect(resolve(name, { field: 'api_key', secret: true })).resolves.toBe('cred-session-value');
    });

    it('a flow whose session_id field loads a Credential is refused before it runs', async () => {
      const name = unique('SESSION_FIELD');
      await createVariable(name, 'field-session-secret', 'Credential');
      const flow = await insertFlowFor(server, user.id, sessionFromVariableFlow(name));
      const res = await run(flow, { input_value: 'x' });
      expect(JSON.stringify(res.body)).not.toContain('field-session-secret');
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(`variable ${name} of type 'Credential' cannot be used in a Session ID field because its purpose is to prevent the exposure of values.`);
    });

    it('a Generic variable may be a session id', async () => {
      const name = unique('SESSION_GENERIC');
      await createVariable(name, 'generic-session', 'Generic');
      const flow = await insertFlowFor(server, user.id, sessionFromVariableFlow(name));
      const res = await run(flow, { input_value: 'x' });
      expect(res.status).toBe(200);
      expect(res.body.outputs[0].outputs[0].results.message.text).toBe('You said: x');
    });

    it('a request session_id equal to a Credential\'s value is refused', async () => {
      const name = unique('SESSION_VALUE');
      await createVariable(name, 'value-used-as-session', 'Credential');
      const flow = await insertFlowFor(server, user.id, promptFlowData());
      const res = await run(flow, { input_value: 'x', session_id: 'value-used-as-session' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toContain('value-used-as-session');
      expect((await run(flow, { input_value: 'x', session_id: 'an-ordinary-session' })).status).toBe(200);
    });
  });
});

describe.each(databaseKinds())('variables in runs without FALLBACK_TO_ENV_VAR on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LANGFLOW_FALLBACK_TO_ENV_VAR: 'false', [ENV_ONLY]: 'Env Parrot' } });
    userId = (await createUser(server)).id;
    key = (await createApiKeyFor(server, userId)).key;
  });
  afterAll(() => server?.close());

  it('does not read the environment: the variable is missing (400 naming it, never the env value)', async () => {
    const flow = await insertFlowFor(server, userId, variableFlowData(ENV_ONLY));
    const response = await fetch(`${server.url}/api/v1/run/${flow}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ input_value: 'x' }),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.detail).toContain(ENV_ONLY);
    expect(JSON.stringify(body)).not.toContain('Env Parrot');
  });
});
