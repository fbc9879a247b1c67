// Outbound HTTP for components, guarded against SSRF. Every request goes through an undici
// Agent whose DNS lookup checks every address a host resolves to and hands the connection
// only those it checked (the address is pinned: a second, different DNS answer cannot slip in
// between check and connect). IP literals, which skip the lookup, are checked before the request.
// Redirects are followed here, one hop at a time, so every hop is checked again. Responses are
// capped in size and every request in time; the run's signal cancels them all.
// undici and the Agents are made on a run's first request: most runs never go out.
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { Dispatcher } from 'undici';
import { AddressPolicy, normalizeHost } from './address-policy.js';
import { OutboundBlockedError, OutboundRequestError } from './errors.js';

export interface OutboundPolicy {
  /** Refuse non-public addresses (LANGFLOW_SSRF_PROTECTION_ENABLED). */
  protect: boolean;
  /** LANGFLOW_SSRF_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
  maxResponseBytes: number;
  timeoutMs: number;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string> | [string, string][] | Headers;
  body?: string | Uint8Array | null;
  signal?: AbortSignal;
  /** Shorter than the policy's time limit, never longer. */
  timeoutMs?: number;
  /** Follow redirects (default true, at most MAX_REDIRECTS). */
  followRedirects?: boolean;
}

/** fetch's shape: what components and model SDKs call. The body of the answer is size-capped. */
export type OutboundFetch = (input: string | URL, init?: OutboundInit) => Promise<Response>;

export interface Outbound {
  /** Guarded: for URLs that come from flows and users. */
  fetch: OutboundFetch;
  /** Unguarded (still size- and time-limited): for URLs the operator configured. */
  trustedFetch: OutboundFetch;
  close(): Promise<void>;
}

export const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const SETTING = 'LANGFLOW_SSRF_ALLOWED_HOSTS';

const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

const loadUndici = () => import('undici');

type UndiciFetch = Awaited<ReturnType<typeof loadUndici>>['fetch'];

interface Pools {
  fetch: UndiciFetch;
  guarded: Dispatcher;
  trusted: Dispatcher;
}

export function createOutbound(options: { policy: OutboundPolicy; signal?: AbortSignal; resolver?: Resolver }): Outbound {
  const { policy, signal } = options;
  // Built on first use: most runs never go out, and the block lists cost ~10 µs to build.
  let policyOfAddresses: AddressPolicy | undefined;
  const addresses = () => (policyOfAddresses ??= new AddressPolicy(policy.allowedHosts));
  const resolver = options.resolver ?? systemResolver;
  const makePools = async (): Promise<Pools> => {
    const { Agent, fetch } = await loadUndici();
    const guarded = policy.protect
      ? new Agent({ connect: { lookup: guardedLookup(addresses(), resolver) } })
      : new Agent(options.resolver ? { connect: { lookup: plainLookup(resolver) } } : {});
    const trusted = new Agent(options.resolver ? { connect: { lookup: plainLookup(resolver) } } : {});
    return { fetch, guarded, trusted };
  };
  // Made once, on this outbound's first request; none after close (they would never be closed).
  let pools: Promise<Pools> | undefined;
  let closed = false;
  const poolsNow = () => {
    if (closed) throw new OutboundRequestError('The run has ended: no more requests');
    return (pools ??= makePools());
  };
  const checkLiteral = (url: URL) => {
    if (!policy.protect) return;
    const host = normalizeHost(url.hostname);
    if (isIP(host) !== 0 && !addresses().permits(host, host)) throw blocked(host);
  };
  return {
    fetch: async (input, init) => {
      const { fetch, guarded } = await poolsNow();
      return request(fetch, guarded, policy, signal, checkLiteral, input, init);
    },
    trustedFetch: async (input, init) => {
      const { fetch, trusted } = await poolsNow();
      return request(fetch, trusted, policy, signal, () => {}, input, init);
    },
    async close() {
      closed = true;
      if (!pools) return;
      const { guarded, trusted } = await pools;
      await Promise.all([guarded.destroy(), trusted.destroy()]);
    },
  };
}

function blocked(host: string): OutboundBlockedError {
  return new OutboundBlockedError(
    `Requests to ${host} are blocked: it is a private, loopback, link-local or cloud metadata address. ` +
      `An operator can allow it with ${SETTING}.`,
  );
}

function guardedLookup(addresses: AddressPolicy, resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const check = async () => {
      const found = await resolver(hostname);
      if (found.length === 0) throw new OutboundRequestError(`${hostname} does not resolve to any address`);
      // One bad address refuses the host: otherwise a round-robin answer could reach it.
      for (const { address } of found) if (!addresses.permits(hostname, address)) throw blocked(hostname);
      return found;
    };
    check().then(
      (found) => answer(found, options, callback),
      (error: unknown) => callback(toLookupError(hostname, error), '', 0),
    );
  };
}

function plainLookup(resolver: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (found) => answer(found, options, callback),
      (error: unknown) => callback(toLookupError(hostname, error), '', 0),
    );
  };
}

function answer(found: ResolvedAddress[], options: dns.LookupOptions, callback: Parameters<LookupFunction>[2]): void {
  const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
  const list = wanted.length > 0 ? wanted : found;
  if (options.all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
  else callback(null, list[0].address, list[0].family);
}

function toLookupError(hostname: string, error: unknown): NodeJS.ErrnoException {
  if (error instanceof OutboundBlockedError || error instanceof OutboundRequestError) return error;
  return new OutboundRequestError(`${hostname} could not be resolved`);
}

async function request(
  undiciFetch: UndiciFetch,
  agent: Dispatcher,
  policy: OutboundPolicy,
  runSignal: AbortSignal | undefined,
  checkLiteral: (url: URL) => void,
  input: string | URL,
  init: OutboundInit = {},
): Promise<Response> {
  const timeoutMs = Math.min(init.timeoutMs ?? policy.timeoutMs, policy.timeoutMs);
  const signals = [AbortSignal.timeout(timeoutMs), runSignal, init.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = AbortSignal.any(signals);
  let url = parseUrl(input);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? undefined;
  let headers = new Headers(init.headers as HeadersInit | undefined);
  for (let hop = 0; ; hop++) {
    checkLiteral(url);
    let response: Response;
    try {
      response = (await undiciFetch(url, {
        method,
        headers: [...headers.entries()],
        body: body as string | Uint8Array | undefined,
        redirect: 'manual',
        signal,
        dispatcher: agent,
      })) as unknown as Response;
    } catch (error) {
      throw fetchError(url, error, signal, timeoutMs);
    }
    const location = response.headers.get('location');
    if (REDIRECTS.has(response.status) && location && init.followRedirects !== false) {
      await response.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) throw new OutboundRequestError(`Too many redirects from ${url.host}`);
      const next = parseUrl(new URL(location, url).toString());
      if (next.origin !== url.origin) {
        // Credentials meant for one server are not handed to the next.
        for (const name of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(name);
      }
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = new Headers(headers);
        headers.delete('content-type');
        headers.delete('content-length');
      }
      url = next;
      continue;
    }
    return capped(response, url, policy.maxResponseBytes);
  }
}

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new OutboundRequestError(`Invalid URL: ${String(input).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRequestError(`Invalid URL scheme "${url.protocol.replace(/:$/, '')}": only http and https are allowed`);
  }
  return url;
}

function fetchError(url: URL, error: unknown, signal: AbortSignal, timeoutMs: number): Error {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof OutboundBlockedError || cause instanceof OutboundRequestError) return cause;
  }
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof DOMException && reason.name === 'TimeoutError') {
      return new OutboundRequestError(`The request to ${url.host} took longer than ${timeoutMs / 1000} seconds`);
    }
    return reason instanceof Error ? reason : new OutboundRequestError(`The request to ${url.host} was cancelled`);
  }
  return new OutboundRequestError(`The request to ${url.host} failed`);
}

/** The response with a body that errors once it passes `max` bytes. */
function capped(response: Response, url: URL, max: number): Response {
  const tooLarge = () =>
    new OutboundRequestError(`The response from ${url.host} is larger than ${Math.floor(max / (1024 * 1024))} MB (LANGFLOW_OUTBOUND_MAX_RESPONSE_MB)`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  let total = 0;
  const body =
    response.body && !NULL_BODY.has(response.status)
      ? response.body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              total += chunk.byteLength;
              if (total > max) controller.error(tooLarge());
              else controller.enqueue(chunk);
            },
          }),
        )
      : null;
  const result = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(result, 'url', { value: url.toString() });
  return result;
}
