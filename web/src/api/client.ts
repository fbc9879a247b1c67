// The one way the UI talks to the server: same-origin fetch under /api/v1 with the browser's
// HttpOnly session cookies. JSON in and out, a silent refresh-once on 401, errors carrying the
// server's `detail`. Nothing here stores responses: there is no cache to clear on logout beyond
// the in-flight requests, which `resetClient()` aborts.

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly detail: unknown;
  /** Seconds from a `Retry-After` header (429), else null. */
  readonly retryAfter: number | null;
  /** True when the request was cancelled (navigation, logout): callers ignore these. */
  readonly aborted: boolean;

  constructor(status: number, message: string, detail: unknown = null, retryAfter: number | null = null, aborted = false) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
    this.aborted = aborted;
  }
}

/** Turns a FastAPI-style `detail` into one readable message (422: the `msg` fields). */
export function formatDetail(detail: unknown, status: number): string {
  if (typeof detail === 'string' && detail.trim()) return detail;
  if (Array.isArray(detail)) {
    const msgs = detail
      .map((d) => (typeof d === 'string' ? d : d && typeof d === 'object' && typeof (d as { msg?: unknown }).msg === 'string' ? (d as { msg: string }).msg : null))
      .filter((m): m is string => !!m);
    if (msgs.length) return msgs.join('\n');
  }
  if (detail && typeof detail === 'object' && typeof (detail as { message?: unknown }).message === 'string') {
    return (detail as { message: string }).message;
  }
  return statusMessage(status);
}

function statusMessage(status: number): string {
  if (status === 0) return 'Could not reach the server. Check your connection and try again.';
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Try again later.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return `Request failed (${status}).`;
}

/** A message for anything a request may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export function isAborted(error: unknown): boolean {
  return error instanceof ApiError && error.aborted;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as multipart/form-data. */
  formData?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** false: a 401 is returned as an error as is, without a refresh attempt (login, session probes). */
  refresh?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

interface AuthHooks {
  /** Called when /refresh failed; may re-establish a session (auto-login mode). */
  reauthenticate: () => Promise<boolean>;
  /** Called when the session is gone for good. */
  onAuthLost: () => void;
}

let hooks: AuthHooks | null = null;
let epoch = 0;
const inFlight = new Set<AbortController>();
let refreshing: Promise<boolean> | null = null;

export function setAuthHooks(next: AuthHooks | null): void {
  hooks = next;
}

/** Aborts every in-flight request and makes late answers to older requests be dropped. */
export function resetClient(): void {
  epoch += 1;
  for (const controller of inFlight) controller.abort();
  inFlight.clear();
  refreshing = null;
}

function send(path: string, options: RequestOptions, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.formData) {
    body = options.formData;
  }
  return fetch(API_BASE + path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
}

async function postRefresh(): Promise<boolean> {
  try {
    const res = await fetch(`${API_BASE}/refresh`, { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Refresh tokens are single-use and a reused one ends the session (D6). Tabs share the cookie,
 * so they take turns: each refresh then presents the cookie the previous one just set.
 */
async function inRefreshLock(work: () => Promise<boolean>): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.locks) return work();
  let ok = false;
  await navigator.locks.request('flowgate-refresh', async () => {
    ok = await work();
  });
  return ok;
}

async function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      if (await inRefreshLock(postRefresh)) return true;
      return hooks ? hooks.reauthenticate().catch(() => false) : false;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return null;
  const text = await res.text();
  if (!text) return null;
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json') || /^[[{"]/.test(text.trim())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Full request: data plus status and headers (for ETag). */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const started = epoch;
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort();
  if (outer) {
    if (outer.aborted) controller.abort();
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  inFlight.add(controller);
  try {
    let res = await send(path, options, controller.signal);
    if (res.status === 401 && options.refresh !== false) {
      const renewed = await refreshSession();
      if (started !== epoch) throw new ApiError(0, 'Cancelled', null, null, true);
      if (renewed) res = await send(path, options, controller.signal);
      if (res.status === 401) hooks?.onAuthLost();
    }
    if (started !== epoch) throw new ApiError(0, 'Cancelled', null, null, true);
    const data = await readBody(res);
    if (!res.ok) {
      const detail = data && typeof data === 'object' && 'detail' in data ? (data as { detail: unknown }).detail : data;
      throw new ApiError(res.status, formatDetail(detail, res.status), detail, parseRetryAfter(res.headers.get('Retry-After')));
    }
    return { data: data as T, status: res.status, headers: res.headers };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (controller.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) {
      throw new ApiError(0, 'Cancelled', null, null, true);
    }
    throw new ApiError(0, statusMessage(0));
  } finally {
    inFlight.delete(controller);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * A request whose answer is a stream (NDJSON build events): `onText` gets each decoded chunk as
 * it arrives. Errors, refresh and cancelling as `apiRequest`; resolves when the stream ends.
 */
export async function apiStream(path: string, options: RequestOptions, onText: (text: string) => void): Promise<void> {
  const started = epoch;
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort();
  if (outer) {
    if (outer.aborted) controller.abort();
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  inFlight.add(controller);
  try {
    let res = await send(path, options, controller.signal);
    if (res.status === 401 && options.refresh !== false) {
      const renewed = await refreshSession();
      if (started !== epoch) throw new ApiError(0, 'Cancelled', null, null, true);
      if (renewed) res = await send(path, options, controller.signal);
      if (res.status === 401) hooks?.onAuthLost();
    }
    if (!res.ok || !res.body) {
      const data = await readBody(res);
      const detail = data && typeof data === 'object' && 'detail' in data ? (data as { detail: unknown }).detail : data;
      throw new ApiError(res.status, formatDetail(detail, res.status), detail, parseRetryAfter(res.headers.get('Retry-After')));
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (started !== epoch) throw new ApiError(0, 'Cancelled', null, null, true);
      if (done) break;
      onText(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (controller.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) {
      throw new ApiError(0, 'Cancelled', null, null, true);
    }
    throw new ApiError(0, statusMessage(0));
  } finally {
    inFlight.delete(controller);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

type Opts = Omit<RequestOptions, 'method' | 'json'>;

export const api = {
  get: <T>(path: string, opts?: Opts) => apiRequest<T>(path, { ...opts, method: 'GET' }).then((r) => r.data),
  post: <T>(path: string, json?: unknown, opts?: Opts) => apiRequest<T>(path, { ...opts, method: 'POST', json }).then((r) => r.data),
  patch: <T>(path: string, json?: unknown, opts?: Opts) => apiRequest<T>(path, { ...opts, method: 'PATCH', json }).then((r) => r.data),
  delete: <T = unknown>(path: string, opts?: Opts) => apiRequest<T>(path, { ...opts, method: 'DELETE' }).then((r) => r.data),
};

/** Builds `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
