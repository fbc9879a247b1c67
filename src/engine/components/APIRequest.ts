// Langflow's API Request: one HTTP request (GET, POST, PATCH, PUT, DELETE) to `url_input`, with
// query parameters, headers and a JSON body from tables or Data, through the run's SSRF-guarded
// fetch. Output `data`: a Data `{source, status_code, response_headers, result}` (result is the
// parsed JSON, else the text); a request that fails (timeout, DNS, connection) gives Langflow's
// Data with `status_code: 500` and `error`; a URL the SSRF guard refuses stops the run.
import { dataField, keyValueTableField } from '../catalogue/data-fields.js';
import { boolField, dropdownField, intField, textField } from '../catalogue/fields.js';
import type { Component, ComponentContext, ComponentOutput } from '../component.js';
import { createData, isData } from '../data.js';
import { ComponentRunError } from '../errors.js';
import { boolValue, headerValues, keyValues, numberValue } from '../field-values.js';
import { createMessage, isMessage } from '../message.js';
import { OutboundBlockedError, OutboundRequestError } from '../net/errors.js';

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

function normalizeUrl(raw: string): string {
  const url = raw.trim();
  if (!url) throw new ComponentRunError('URL cannot be empty');
  return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}

/** A string field may hold JSON (`"{\"a\": 1}"`): parse it, else keep it. */
function parseJsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function bodyOf(value: unknown): Record<string, unknown> {
  const pairs = keyValues(value);
  return Object.fromEntries(Object.entries(pairs).map(([key, item]) => [key, parseJsonValue(item)]));
}

function queryOf(value: unknown): Record<string, string> {
  if (typeof value === 'string' || isMessage(value)) {
    const text = typeof value === 'string' ? value : value.text;
    return Object.fromEntries(new URLSearchParams(text.replace(/^\?/, '')));
  }
  const pairs = isData(value) ? value.data : keyValues(value);
  return Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** The URL, method and headers of a simple curl command (what an agent may pass as `curl_input`). */
function fromCurl(curl: string): { url?: string; method?: string; headers: Record<string, string>; data?: string } {
  const tokens = [...curl.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]);
  const result: { url?: string; method?: string; headers: Record<string, string>; data?: string } = { headers: {} };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '-X' || token === '--request') result.method = tokens[++i]?.toUpperCase();
    else if (token === '-H' || token === '--header') {
      const header = tokens[++i] ?? '';
      const colon = header.indexOf(':');
      if (colon > 0) result.headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    } else if (token === '-d' || token === '--data' || token === '--data-raw') result.data = tokens[++i];
    else if (/^https?:\/\//i.test(token) && !result.url) result.url = token;
  }
  return result;
}

/** Headers as sent, with credentials (a key from a Credential variable, say) masked. */
function redacted(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, /auth|cookie|key|token|secret|password/i.test(k) ? '[redacted]' : v]),
  );
}

async function makeApiRequest(ctx: ComponentContext): Promise<ComponentOutput> {
  let method = (ctx.text('method') || 'GET').toUpperCase();
  let rawUrl = ctx.text('url_input');
  let headers = headerValues(ctx.input('headers'));
  let body = bodyOf(ctx.input('body'));
  const curl = ctx.text('curl_input');
  if (!rawUrl.trim() && curl.trim()) {
    const parsed = fromCurl(curl);
    rawUrl = parsed.url ?? '';
    method = parsed.method ?? (parsed.data ? 'POST' : 'GET');
    headers = { ...headers, ...parsed.headers };
    if (parsed.data) body = bodyOf(parsed.data);
  }
  if (!METHODS.has(method)) throw new ComponentRunError(`Unsupported method: ${method}`, ctx.node.id);
  let url: URL;
  try {
    url = new URL(normalizeUrl(rawUrl));
  } catch (error) {
    if (error instanceof ComponentRunError) throw new ComponentRunError(error.message, ctx.node.id);
    throw new ComponentRunError(`Invalid URL provided: ${rawUrl.slice(0, 200)}`, ctx.node.id);
  }
  for (const [key, value] of Object.entries(queryOf(ctx.input('query_params')))) url.searchParams.set(key, value);
  const source = url.toString();
  const sendsBody = method !== 'GET' && method !== 'DELETE' ? true : Object.keys(body).length > 0;
  if (sendsBody && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  let data: Record<string, unknown>;
  try {
    const response = await ctx.fetch(source, {
      method,
      headers,
      body: sendsBody ? JSON.stringify(body) : undefined,
      timeoutMs: numberValue(ctx.input('timeout'), 30, 1) * 1000,
      followRedirects: boolValue(ctx.input('follow_redirects'), false),
    });
    const contentType = response.headers.get('content-type') ?? '';
    const bytes = new Uint8Array(await response.arrayBuffer());
    const binary = /application\/(octet-stream|binary)/i.test(contentType);
    const text = new TextDecoder().decode(bytes);
    let result: unknown;
    if (binary) result = Buffer.from(bytes).toString('base64');
    else {
      try {
        result = JSON.parse(text);
      } catch {
        result = text;
      }
    }
    data = {
      source,
      status_code: response.status,
      response_headers: Object.fromEntries([...response.headers].map(([k, v]) => [k.toLowerCase(), v])),
      result,
    };
    if (boolValue(ctx.input('include_httpx_metadata'), false)) data.headers = redacted(headers);
  } catch (error) {
    if (error instanceof OutboundBlockedError) throw new ComponentRunError(`SSRF Protection: ${error.message}`, ctx.node.id);
    if (!(error instanceof OutboundRequestError) || ctx.signal.aborted) throw error;
    data = { source, headers: redacted(headers), status_code: 500, error: error.message };
  }
  const value = createData(data);
  return {
    outputName: 'data',
    value: createMessage({ text: JSON.stringify(data), timestamp: ctx.timestamp() }),
    outputs: { data: value },
  };
}

export const APIRequest: Component = {
  type: 'APIRequest',
  displayName: 'API Request',
  definition: {
    category: 'data_source',
    description: 'Make HTTP requests using URL or cURL commands.',
    icon: 'Globe',
    fields: [
      textField('url_input', 'URL', '', { info: 'Enter the URL for the request.', tool_mode: true }),
      dropdownField('method', 'Method', ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], 'GET', { info: 'The HTTP method to use.' }),
      dataField('query_params', 'Query Parameters', { advanced: true, info: 'The query parameters to append to the URL.' }),
      keyValueTableField('body', 'Body', 'Key', [], { advanced: true, info: 'The body to send with the request (for POST, PATCH, PUT).', input_types: ['Data'] }),
      keyValueTableField('headers', 'Headers', 'Header', [{ key: 'User-Agent', value: 'Langflow/1.0' }], {
        advanced: true,
        info: 'The headers to send with the request',
        input_types: ['Data'],
      }),
      intField('timeout', 'Timeout', 30, { advanced: true, info: 'The timeout to use for the request.' }),
      boolField('follow_redirects', 'Follow Redirects', false, { advanced: true, info: 'Whether to follow HTTP redirects (every hop is checked by the SSRF guard).' }),
      boolField('include_httpx_metadata', 'Include HTTPx Metadata', false, { advanced: true, info: 'Include the request headers (credentials masked) in the output.' }),
    ],
    outputs: [{ name: 'data', display_name: 'API Response', method: 'make_api_request', types: ['Data'] }],
  },
  run: makeApiRequest,
  tools: [
    {
      name: 'make_api_request',
      output: 'data',
      description: 'Make HTTP requests using URL or cURL commands.',
      args: {
        url_input: { type: 'string', description: 'Enter the URL for the request.' },
        curl_input: {
          type: 'string',
          description: 'Paste a curl command to populate the fields. This will fill in the dictionary fields for headers and body.',
        },
      },
    },
  ],
};
