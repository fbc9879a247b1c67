// The provider SDKs call `fetch(url, init)`; the run's outbound functions take a narrower init.
// This adapter hands the SDK's request to one of them, so every model call is limited in size
// and time, ends with the run, and (for an address written in a flow) passes the SSRF guard.
import type { OutboundFetch } from '../net/outbound.js';

export function sdkFetch(outbound: OutboundFetch): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input;
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('Model requests send text or bytes only');
    }
    return outbound(url, {
      method: init?.method,
      headers: init?.headers as Headers | Record<string, string> | [string, string][] | undefined,
      body: body ?? null,
      signal: init?.signal ?? undefined,
    });
  }) as typeof fetch;
}
