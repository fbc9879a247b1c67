// /openapi.json, /docs and /redoc, as Langflow serves them: the schema generated from the
// routes' own schemas with the four ways to authenticate, public, with no secret in it; and an
// unknown /api path answers JSON, never the web app's page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { sqliteKind } from '../helpers/databases.js';
import { createApiKeyFor } from '../helpers/run-fixtures.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.js';

describe('API docs', () => {
  let server: TestServer;
  let apiKey: string;
  beforeAll(async () => {
    server = await startTestServer(sqliteKind);
    apiKey = (await createApiKeyFor(server, (await createUser(server)).id)).key;
  });
  afterAll(() => server?.close());

  it('serves the OpenAPI schema of the API, with its security schemes and no secrets', async () => {
    const response = await fetch(`${server.url}/openapi.json`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const schema = JSON.parse(text);
    expect(schema.openapi).toMatch(/^3\./);
    expect(Object.keys(schema.components.securitySchemes).sort()).toEqual(['API key header', 'API key query', 'Bearer', 'Cookie']);
    expect(schema.components.securitySchemes['API key query']).toEqual({ type: 'apiKey', in: 'query', name: 'x-api-key' });
    for (const path of ['/api/v1/run/{flow_id_or_name}', '/api/v1/login', '/api/v1/flows/', '/api/v1/variables/', '/api/v1/api_key/']) {
      expect(Object.keys(schema.paths), path).toContain(path);
    }
    expect(Object.keys(schema.paths).every((path) => path.startsWith('/api/') || path.startsWith('/health'))).toBe(true);
    expect(text).not.toContain(TEST_SECRET_KEY);
    expect(text).not.toContain(apiKey);
  });

  it('serves Swagger UI at /docs and sends /redoc there, without login', async () => {
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(await docs.text()).toMatch(/swagger/i);
    // Its assets, the schema it reads, and its own content policy, which the app's keeps.
    const html = await fetch(`${server.url}/docs/static/index.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    const bundle = await fetch(`${server.url}/docs/static/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const json = await fetch(`${server.url}/docs/json`);
    expect(await json.json()).toEqual(await (await fetch(`${server.url}/openapi.json`)).json());
    const unknown = await fetch(`${server.url}/docs/no-such-file`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: 'Not Found' });
    // Pages that bring no policy still get the app's.
    expect((await fetch(`${server.url}/health`)).headers.get('content-security-policy')).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
    const redoc = await fetch(`${server.url}/redoc`, { redirect: 'manual' });
    expect(redoc.status).toBe(302);
    expect(redoc.headers.get('location')).toBe('/docs');
  });

  it('answers an unknown /api path with JSON 404, not the web app', async () => {
    for (const path of ['/api/v1/no-such-route', '/api/v2/nothing/here', '/api/']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toMatch(/application\/json/);
    }
  });
});
