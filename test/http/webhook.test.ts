// POST /api/v1/webhook/{flow_id_or_name}: 202 at once, the flow runs in the background as its
// owner; the owner's API key is needed unless LANGFLOW_WEBHOOK_AUTH_ENABLE=false (D16, D9, D18).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor, createFlowVia, eventually, insertFlowFor, promptFlowData, variableFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACCEPTED = { message: 'Task started in the background', status: 'in progress' };

function webhook(server: TestServer, idOrName: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/webhook/${idOrName}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe.each(databaseKinds())('webhook on $kind', (kind) => {
  describe('with webhook auth (the default)', () => {
    let server: TestServer;
    let owner: TestUser;
    let ownerKey: string;
    let flowId: string;

    beforeAll(async () => {
      server = await startTestServer(kind);
      owner = await createUser(server);
      ownerKey = (await createApiKeyFor(server, owner.id)).key;
      flowId = await createFlowVia(server, ownerKey, promptFlowData(), { endpointName: 'hook' });
    });
    afterAll(() => server?.close());

    it('answers 202 and runs the flow in the background with the body as its input', async () => {
      const response = await webhook(server, flowId, JSON.stringify({ event: 'push' }), { 'x-api-key': ownerKey });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual(ACCEPTED);
      await eventually(() => server.logs.some((l) => l.includes(`webhook run of flow ${flowId} finished`)), 'the background run');
    });

    it('resolves the owner\'s endpoint name and takes any content type', async () => {
      const response = await webhook(server, 'hook', 'plain text payload', { 'x-api-key': ownerKey, 'content-type': 'text/plain' });
      expect(response.status).toBe(202);
    });

    it('needs a key by default', async () => {
      const response = await webhook(server, flowId, '{}');
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail: 'API key required when webhook authentication is enabled' });
    });

    it('answers another user\'s flow like an unknown one (404, same body)', async () => {
      const stranger = await createUser(server);
      const strangerKey = (await createApiKeyFor(server, stranger.id)).key;
      const foreign = await webhook(server, flowId, '{}', { 'x-api-key': strangerKey });
      expect(foreign.status).toBe(404);
      expect(await foreign.json()).toEqual({ detail: `Flow identifier ${flowId} not found` });
      const unknownId = randomUUID();
      const unknown = await webhook(server, unknownId, '{}', { 'x-api-key': strangerKey });
      expect(await unknown.json()).toEqual({ detail: `Flow identifier ${unknownId} not found` });
    });

    it('refuses a deactivated user\'s key (D9)', async () => {
      const gone = await createUser(server, { isActive: false });
      const key = (await createApiKeyFor(server, gone.id)).key;
      const id = await insertFlowFor(server, gone.id, promptFlowData());
      const response = await webhook(server, id, '{}', { 'x-api-key': key });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ detail: 'Inactive user' });
    });

    it('refuses an empty body as Langflow does', async () => {
      const response = await webhook(server, flowId, '', { 'x-api-key': ownerKey });
      expect(response.status).toBe(400);
      expect((await response.json()).detail).toMatch(/Request body is empty/);
    });

    it('still answers 202 when the run fails; the failure goes to the log only', async () => {
      const id = await createFlowVia(server, ownerKey, variableFlowData('FG_WEBHOOK_MISSING'));
      const response = await webhook(server, id, '{"a":1}', { 'x-api-key': ownerKey });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual(ACCEPTED);
      await eventually(() => server.logs.some((l) => l.includes(`webhook run of flow ${id} failed`) && l.includes('FG_WEBHOOK_MISSING')), 'the logged failure');
    });
  });

  describe('with LANGFLOW_WEBHOOK_AUTH_ENABLE=false', () => {
    let server: TestServer;
    let owner: TestUser;
    let flowId: string;

    beforeAll(async () => {
      server = await startTestServer(kind, { env: { LANGFLOW_WEBHOOK_AUTH_ENABLE: 'false' } });
      owner = await createUser(server);
      const ownerKey = (await createApiKeyFor(server, owner.id)).key;
      flowId = await createFlowVia(server, ownerKey, promptFlowData(), { endpointName: 'open-hook' });
    });
    afterAll(() => server?.close());

    it('runs a flow by id without a key, as its owner', async () => {
      const response = await webhook(server, flowId, '{"b":2}');
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual(ACCEPTED);
      await eventually(() => server.logs.some((l) => l.includes(`webhook run of flow ${flowId} finished`)), 'the background run');
    });

    it('does not resolve endpoint names (they are per user, D18) nor unknown ids', async () => {
      expect((await webhook(server, 'open-hook', '{}')).status).toBe(404);
      expect((await webhook(server, randomUUID(), '{}')).status).toBe(404);
    });

    it('does not run the flows of a deactivated owner', async () => {
      const gone = await createUser(server, { isActive: false });
      const id = await insertFlowFor(server, gone.id, promptFlowData());
      const response = await webhook(server, id, '{}');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ detail: `Flow identifier ${id} not found` });
    });
  });
});
