// Errors from a model provider, made safe to show: the API key never appears (providers echo
// part of a bad key in their 401 text), a 401/403 names the provider and where the key came
// from, and other failures keep the provider's short message.
import { ComponentRunError } from '../errors.js';
import { OutboundBlockedError, OutboundRequestError } from '../net/errors.js';

export interface KeyOrigin {
  /** The key itself, to scrub from any text shown. */
  key: string;
  /** `the OPENAI_API_KEY variable` or `the component's API Key field`. */
  label: string;
}

const MAX_DETAIL = 300;

/** The SDK's error as the caller should see it. */
export function fromSdkError(provider: string, origin: KeyOrigin | undefined, error: unknown): ComponentRunError {
  // Our own refusals before anything was sent (an image type the provider does not take).
  if (error instanceof ComponentRunError) return error;
  // The outbound layer's own refusals (SSRF guard, size or time limit) arrive wrapped by the SDK.
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof OutboundBlockedError) return new ComponentRunError(`SSRF Protection: ${cause.message}`, undefined, 400);
    if (cause instanceof OutboundRequestError) return new ComponentRunError(`${provider} request failed: ${cause.message}`, undefined, 502);
  }
  const { status, message } = describeSdkError(error);
  return providerError(provider, origin, status, message);
}

export function providerError(provider: string, origin: KeyOrigin | undefined, status: number | undefined, detail: string): ComponentRunError {
  if (status === 401 || status === 403) {
    const where = origin ? ` (${origin.label})` : '';
    return new ComponentRunError(`${provider} refused the API key${where}: check that it is valid`, undefined, 400);
  }
  const clean = scrub(detail, origin?.key).slice(0, MAX_DETAIL);
  return new ComponentRunError(`${provider} request failed${status ? ` (HTTP ${status})` : ''}: ${clean}`, undefined, 502);
}

/** Replaces every occurrence of the key (and of a long piece of it) in `text`. */
export function scrub(text: string, key: string | undefined): string {
  if (!key || key.length < 4) return text;
  let out = text.split(key).join('[redacted]');
  // Providers show keys shortened (`sk-abc…xyz`): hide any 8-character piece of it too.
  for (let i = 0; i + 8 <= key.length; i++) out = out.split(key.slice(i, i + 8)).join('[redacted]');
  return out;
}

/** Reads the HTTP status and message of an SDK's error, whichever SDK threw it. */
export function describeSdkError(error: unknown): { status: number | undefined; message: string } {
  const record = error as { status?: unknown; message?: unknown; error?: { message?: unknown } } | null;
  const status = typeof record?.status === 'number' ? record.status : undefined;
  const inner = typeof record?.error?.message === 'string' ? record.error.message : undefined;
  const message = inner ?? (typeof record?.message === 'string' ? record.message : 'no answer');
  return { status, message };
}
