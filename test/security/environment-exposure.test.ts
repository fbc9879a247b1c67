// Finding 3 (environment part): FALLBACK_TO_ENV_VAR returned any variable of the server process
// (PGPASSWORD, PATH, a DATABASE_URL) to any user's flow. Only the listed names are read now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariableResolver } from '../../src/services/variables/variable-resolver.js';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor, insertFlowFor, variableFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.each(databaseKinds())('the environment through a run on $kind', (kind) => {
  let server: TestServer;
  let key: string;
  let userId: string;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      env: { LANGFLOW_FALLBACK_TO_ENV_VAR: 'true', PGPASSWORD: 'pg-secret-canary', SOME_DATABASE_URL: 'postgres://u:db-secret-canary@h/d', LISTED_VAR: 'listed-value', LANGFLOW_VARIABLES_TO_GET_FROM_ENVIRONMENT: 'LISTED_VAR' },
    });
    const user = await createUser(server);
    userId = user.id;
    key = (await createApiKeyFor(server, user.id)).key;
  });
  afterAll(async () => server?.close());

  async function run(variable: string) {
    const flow = await insertFlowFor(server, userId, variableFlowData(variable));
    const response = await fetch(`${server.url}/api/v1/run/${flow}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ input_value: 'x' }),
    });
    return { status: response.status, text: await response.text() };
  }

  it('never returns a variable of the server process that is not listed', async () => {
    for (const name of ['PGPASSWORD', 'SOME_DATABASE_URL', 'PATH', 'HOME']) {
      const result = await run(name);
      expect(result.status, name).toBe(400);
      expect(result.text).not.toContain('canary');
      expect(result.text).not.toContain('/usr/');
    }
  });

  it('reads a listed one, for a secret field only: never into text that reaches an output', async () => {
    const result = await run('LISTED_VAR');
    expect(result.status).toBe(400);
    expect(result.text).not.toContain('listed-value');
    const resolve = makeVariableResolver(server.deps, userId, {});
    await expect(resolve('LISTED_VAR', { field: 'api_key', secret: true })).resolves.toBe('listed-value');
    await expect(resolve('PGPASSWORD', { field: 'api_key', secret: true })).resolves.toBeUndefined();
  });
});
