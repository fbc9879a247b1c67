// Deny by default: every registered route declares a guard, and the public ones are exactly
// the list below (SPEC §3). A new public route makes this test fail until it is listed here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { guardedRoutes } from '../../src/http/guards.js';
import { sqliteKind } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PUBLIC_ROUTES = new Set([
  'GET /health',
  'GET /health_check',
  'GET /api/v1/version',
  'POST /api/v1/login',
  'GET /api/v1/auto_login',
  'POST /api/v1/refresh',
  'POST /api/v1/logout',
  'GET /api/v1/session',
  'GET /api/v1/flows/public_flow/:flow_id',
  // What Langflow's own UI reads before anyone has logged in (docs/langflow-ui.md).
  'GET /api/v1/flows/basic_examples/',
  'GET /api/v1/store/check/',
  'GET /api/v1/store/tags',
  'GET /api/v1/files/profile_pictures/list',
  'GET /api/v1/files/profile_pictures/:folder_name/:file_name',
  // The API's documentation, public as in Langflow (api-docs.ts): the schema, Swagger UI's
  // page, its assets and the schema it reads (everything under /docs, answered by the docs
  // app built on first use), and Langflow's /redoc sending there.
  'GET /openapi.json',
  'GET /redoc',
  'GET /docs',
  'GET /docs/*',
  // The UI's static files (never in front of /api: see static-ui.ts).
  'GET /*',
  // MCP: Langflow's "alive" probes, and the SSE message posts, whose session id is the
  // capability and whose session's credentials are re-checked on every message.
  'HEAD /api/v1/mcp/streamable',
  'HEAD /api/v1/mcp/sse',
  'HEAD /api/v1/mcp/project/:project_id/streamable',
  'HEAD /api/v1/mcp/project/:project_id/sse',
  'POST /api/v1/mcp/',
  'POST /api/v1/mcp/project/:project_id',
]);
// Routes that admit anonymous callers only in a stated case.
const CONDITIONAL_ROUTES = new Map([
  ['POST /api/v1/users/', 'optional'], // sign-up, only when enabled
  ['POST /api/v1/webhook/:flow_id_or_name', 'webhook'], // anonymous only when WEBHOOK_AUTH_ENABLE=false
]);

describe('route table', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqliteKind);
  });
  afterAll(() => server?.close());

  it('gives every route a guard and exposes only the listed public routes', async () => {
    const app = await buildApp(server.deps);
    await app.ready();
    const routes = guardedRoutes(app);
    expect(routes.length).toBeGreaterThan(PUBLIC_ROUTES.size);
    for (const route of routes) {
      // Fastify answers HEAD for every GET route with the GET route's guard.
      const explicitHead = route.method === 'HEAD' && PUBLIC_ROUTES.has(`HEAD ${route.url}`);
      const key = `${route.method === 'HEAD' && !explicitHead ? 'GET' : route.method} ${route.url}`;
      if (route.guard === 'public') expect(PUBLIC_ROUTES, `unexpected public route ${key}`).toContain(key);
      else if (route.guard === 'optional' || route.guard === 'webhook') expect(CONDITIONAL_ROUTES.get(key), key).toBe(route.guard);
      else expect(['user', 'superuser', 'mcp']).toContain(route.guard);
    }
    await app.close();
  });

  it('refuses to register a route that declares no guard', async () => {
    const app = await buildApp(server.deps);
    expect(() => app.get('/api/v1/unguarded', async () => ({ leaked: true }))).toThrow(/declares no guard/);
    await app.close();
  });
});
