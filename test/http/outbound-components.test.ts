// URL and API Request components through POST /run, against real loopback sites, and the SSRF
// guard in front of them: with protection on (the default) loopback, private, link-local and
// metadata addresses are refused before any request leaves, by literal, by name, and on redirect;
// LANGFLOW_SSRF_ALLOWED_HOSTS opens an exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { componentNode, link, startSite, type Site } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const URL_ID = 'URLComponent-u1';
const API_ID = 'APIRequest-a1';
const OUT_ID = 'ChatOutput-o1';

const urlFlow = (output: 'raw_results' | 'page_results') => ({
  nodes: [
    componentNode(URL_ID, 'URLComponent', {
      urls: [],
      max_depth: 1,
      prevent_outside: true,
      continue_on_failure: true,
      headers: [{ key: 'User-Agent', value: 'langflow' }],
      timeout: 30,
    }),
    componentNode(OUT_ID, 'ChatOutput'),
  ],
  edges: [link(URL_ID, output, OUT_ID, 'input_value')],
});

const apiFlow = {
  nodes: [
    componentNode(API_ID, 'APIRequest', {
      method: 'GET',
      url_input: '',
      query_params: {},
      headers: [],
      body: [],
      follow_redirects: false,
      include_httpx_metadata: false,
      timeout: 30,
    }),
    componentNode(OUT_ID, 'ChatOutput'),
  ],
  edges: [link(API_ID, 'data', OUT_ID, 'input_value')],
};

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title>
<meta name="description" content="About ${title}"></head><body>${body}<script>var hidden = 1;</script></body></html>`;

describe.each(databaseKinds())('outbound components on $kind', (kind) => {
  let site: Site;
  let elsewhere: Site;
  let open: TestServer; // LANGFLOW_SSRF_ALLOWED_HOSTS=127.0.0.1
  let guarded: TestServer; // the defaults
  let openKey: string;
  let guardedKey: string;
  const flows: Record<string, string> = {};

  beforeAll(async () => {
    elsewhere = await startSite({ '/': page('Elsewhere', '<p>outside page</p>') });
    site = await startSite({
      '/': page('Home', `<h1>Welcome</h1><p>Start here.</p><a href="/about#team">About</a> <a href="${elsewhere.url}/">Out</a>`),
      '/about': page('About', '<p>We make flows.</p><a href="/">Home</a>'),
      '/big': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1024 * 1024 + 10)),
      // Never answers: the request is held until the client goes away.
      '/slow': () => {},
      '/to-metadata': (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      '/api/items': (req, res) =>
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ created: true, method: req.method })),
    });
    open = await startTestServer(kind, { env: { LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1', LANGFLOW_OUTBOUND_MAX_RESPONSE_MB: '1' } });
    guarded = await startTestServer(kind);
    openKey = (await createApiKeyFor(open, (await createUser(open)).id)).key;
    guardedKey = (await createApiKeyFor(guarded, (await createUser(guarded)).id)).key;
    flows.openRaw = await createFlowVia(open, openKey, urlFlow('raw_results'));
    flows.openPages = await createFlowVia(open, openKey, urlFlow('page_results'));
    flows.openApi = await createFlowVia(open, openKey, apiFlow);
    flows.guardedRaw = await createFlowVia(guarded, guardedKey, urlFlow('raw_results'));
    flows.guardedApi = await createFlowVia(guarded, guardedKey, apiFlow);
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
    await site?.close();
    await elsewhere?.close();
  });

  async function run(server: TestServer, key: string, flowId: string, tweaks: Record<string, unknown>) {
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ tweaks }),
    });
    const body = await response.json();
    return { status: response.status, body, text: body.outputs?.[0]?.outputs?.[0]?.results?.message?.text as string | undefined };
  }
  const requestsTo = (s: Site, path: string) => s.requests.filter((r) => r.url.split('?')[0] === path).length;

  it('URL fetches a page as text with the configured headers (allowed host)', async () => {
    const before = site.requests.length;
    const result = await run(open, openKey, flows.openRaw, { [URL_ID]: { urls: [`${site.url}/about`] } });
    expect(result.status).toBe(200);
    expect(result.text).toContain('We make flows.');
    expect(result.text).not.toContain('<p>');
    expect(result.text).not.toContain('hidden');
    const request = site.requests[before];
    expect(request.url).toBe('/about');
    expect(request.headers['user-agent']).toBe('langflow');
  });

  it('URL follows links to max_depth and stays on the site with prevent_outside', async () => {
    const elsewhereBefore = elsewhere.requests.length;
    const result = await run(open, openKey, flows.openPages, {
      [URL_ID]: { urls: [`${site.url}/`], max_depth: 2, prevent_outside: true },
    });
    expect(result.status).toBe(200);
    // page_results is a DataFrame: Chat Output shows it as a Markdown table.
    expect(result.text).toMatch(/^\| text \| url \| title \| description \| content_type \| language \|/);
    expect(result.text).toContain(`| ${site.url}/about |`);
    expect(result.text).toContain('| About | About About |');
    expect(elsewhere.requests.length).toBe(elsewhereBefore);
  });

  it('URL with prevent_outside off follows links to other sites', async () => {
    const elsewhereBefore = elsewhere.requests.length;
    const result = await run(open, openKey, flows.openRaw, { [URL_ID]: { urls: [`${site.url}/`], max_depth: 2, prevent_outside: false } });
    expect(result.status).toBe(200);
    expect(result.text).toContain('outside page');
    expect(elsewhere.requests.length).toBe(elsewhereBefore + 1);
  });

  it('a response over LANGFLOW_OUTBOUND_MAX_RESPONSE_MB is refused', async () => {
    const result = await run(open, openKey, flows.openRaw, { [URL_ID]: { urls: [`${site.url}/big`], continue_on_failure: false } });
    expect(result.status).toBe(400);
    expect(result.body.detail).toContain('larger than 1 MB (LANGFLOW_OUTBOUND_MAX_RESPONSE_MB)');
  });

  it('a redirect to the metadata address is refused even when the first host is allowed', async () => {
    const result = await run(open, openKey, flows.openRaw, { [URL_ID]: { urls: [`${site.url}/to-metadata`] } });
    expect(result.status).toBe(400);
    expect(result.body.detail).toContain('Requests to 169.254.169.254 are blocked');
    const api = await run(open, openKey, flows.openApi, { [API_ID]: { url_input: `${site.url}/to-metadata`, follow_redirects: true } });
    expect(api.status).toBe(400);
    expect(api.body.detail).toMatch(/^SSRF Protection: Requests to 169\.254\.169\.254 are blocked/);
  });

  it('API Request sends method, query, headers and JSON body, and returns Data', async () => {
    const before = site.requests.length;
    const result = await run(open, openKey, flows.openApi, {
      [API_ID]: {
        url_input: `${site.url}/api/items?page=1`,
        method: 'POST',
        query_params: { limit: '5' },
        headers: [{ key: 'X-Test', value: 'yes' }],
        body: [{ key: 'name', value: 'pikachu' }, { key: 'level', value: '3' }],
      },
    });
    expect(result.status).toBe(200);
    const request = site.requests[before];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/items?page=1&limit=5');
    expect(request.headers['x-test']).toBe('yes');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ name: 'pikachu', level: 3 });
    // Data in Chat Output: Langflow's JSON code block.
    const data = JSON.parse(result.text!.replace(/^```json\n/, '').replace(/\n```$/, ''));
    expect(data).toMatchObject({ source: `${site.url}/api/items?page=1&limit=5`, status_code: 201, result: { created: true, method: 'POST' } });
  });

  it('API Request and URL give up at their own timeout field (seconds), below the outbound limit', async () => {
    const [api, url] = await Promise.all([
      run(open, openKey, flows.openApi, { [API_ID]: { url_input: `${site.url}/slow`, timeout: 1 } }),
      run(open, openKey, flows.openRaw, { [URL_ID]: { urls: [`${site.url}/slow`], timeout: 1, continue_on_failure: false } }),
    ]);
    expect(api.status).toBe(200);
    const data = JSON.parse(api.text!.replace(/^```json\n/, '').replace(/\n```$/, ''));
    expect(data).toMatchObject({ source: `${site.url}/slow`, status_code: 500 });
    expect(data.error).toContain('took longer than 1 seconds');
    expect(url.status).toBe(400);
    expect(url.body.detail).toContain('took longer than 1 seconds');
  });

  it('API Request never echoes credential headers back', async () => {
    const result = await run(open, openKey, flows.openApi, {
      [API_ID]: { url_input: `${site.url}/api/items`, include_httpx_metadata: true, headers: [{ key: 'Authorization', value: 'Bearer sk-do-not-echo' }] },
    });
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).not.toContain('sk-do-not-echo');
  });

  it.each([
    ['loopback literal', (s: Site) => `${s.url}/`, '127.0.0.1'],
    ['localhost by name', (s: Site) => `http://localhost:${s.port}/`, 'localhost'],
    ['IPv4-mapped IPv6', (s: Site) => `http://[::ffff:127.0.0.1]:${s.port}/`, '::ffff:7f00:1'],
    ['decimal IPv4', (s: Site) => `http://2130706433:${s.port}/`, '127.0.0.1'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['private range', () => 'http://10.1.2.3/', '10.1.2.3'],
  ])('with protection on (default), URL refuses %s before any request', async (_name, target, host) => {
    const before = site.requests.length;
    const result = await run(guarded, guardedKey, flows.guardedRaw, { [URL_ID]: { urls: [target(site)] } });
    expect(result.status).toBe(400);
    expect(result.body.detail).toBe(
      `Error loading documents: Requests to ${host} are blocked: it is a private, loopback, link-local or cloud metadata address. ` +
        'An operator can allow it with LANGFLOW_SSRF_ALLOWED_HOSTS.',
    );
    expect(site.requests.length).toBe(before);
  });

  it('with protection on, API Request refuses a loopback URL and a non-http scheme', async () => {
    const before = site.requests.length;
    const result = await run(guarded, guardedKey, flows.guardedApi, { [API_ID]: { url_input: `${site.url}/api/items` } });
    expect(result.status).toBe(400);
    expect(result.body.detail).toMatch(/^SSRF Protection: Requests to 127\.0\.0\.1 are blocked/);
    expect(site.requests.length).toBe(before);
    const scheme = await run(guarded, guardedKey, flows.guardedRaw, { [URL_ID]: { urls: ['file:///etc/passwd'] } });
    expect(scheme.status).toBe(400);
  });
});
