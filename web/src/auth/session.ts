// Start-up probes: who is logged in, and is the server in auto-login mode.
import { api, apiRequest, ApiError } from '../api/client';
import type { SessionInfo, User } from '../api/types';

/** The logged-in user, or null. `GET /session`; `GET /users/whoami` on servers without it. */
export async function fetchSessionUser(): Promise<User | null> {
  try {
    const session = await api.get<SessionInfo>('/session', { refresh: false });
    return session && session.authenticated && session.user ? session.user : null;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    if (error instanceof ApiError && error.status === 404) {
      try {
        return await api.get<User>('/users/whoami', { refresh: false });
      } catch (inner) {
        if (inner instanceof ApiError && (inner.status === 401 || inner.status === 403)) return null;
        throw inner;
      }
    }
    throw error;
  }
}

function autoLoginDisabled(error: ApiError): boolean {
  const detail = error.detail;
  if (detail && typeof detail === 'object' && (detail as { auto_login?: unknown }).auto_login === false) return true;
  // Be lenient with servers that word it differently: a client error means "not available".
  return error.status === 400 || error.status === 403 || error.status === 404;
}

/** `GET /auto_login`: true (and session cookies set) when auto-login is on, false when off. */
export async function tryAutoLogin(): Promise<boolean> {
  try {
    await apiRequest('/auto_login', { method: 'GET', refresh: false });
    return true;
  } catch (error) {
    if (error instanceof ApiError && autoLoginDisabled(error)) return false;
    throw error;
  }
}

/** One silent `POST /refresh` with the refresh cookie (a reload after the access token expired). */
export async function trySilentRefresh(): Promise<boolean> {
  try {
    await apiRequest('/refresh', { method: 'POST', refresh: false });
    return true;
  } catch {
    return false;
  }
}

/** `GET /config` → `auto_login`, when the server says. */
async function readAutoLoginSetting(): Promise<boolean | null> {
  try {
    const config = await api.get<Record<string, unknown>>('/config', { refresh: false });
    return config && typeof config.auto_login === 'boolean' ? config.auto_login : null;
  } catch {
    return null;
  }
}

export interface DetectedSession {
  user: User | null;
  autoLogin: boolean;
}

/** `GET /session` as it is (Flowgate's carries auto_login and refreshable), or null. */
async function readSession(): Promise<SessionInfo | null> {
  try {
    return await api.get<SessionInfo>('/session', { refresh: false });
  } catch {
    return null;
  }
}

export async function detectSession(): Promise<DetectedSession> {
  // Flowgate's /session says what applies, so a page load calls only that: no refresh without
  // a refresh cookie, no /auto_login when it is off (no failed request in the console).
  const session = await readSession();
  if (session && typeof session.auto_login === 'boolean' && typeof session.refreshable === 'boolean') {
    let user = session.authenticated ? session.user : null;
    if (!user && session.refreshable && (await trySilentRefresh())) user = await fetchSessionUser();
    if (user) return { user, autoLogin: session.auto_login };
    if (session.auto_login && (await tryAutoLogin())) {
      const autoUser = await fetchSessionUser();
      if (!autoUser) throw new Error('Auto-login did not start a session. Check that the browser accepts cookies from this site, then try again.');
      return { user: autoUser, autoLogin: true };
    }
    return { user: null, autoLogin: false };
  }
  // Another server (Langflow's own): probe as before.
  let user = await fetchSessionUser();
  if (!user && (await trySilentRefresh())) user = await fetchSessionUser();
  if (user) {
    let autoLogin = await readAutoLoginSetting();
    if (autoLogin === null) {
      autoLogin = await tryAutoLogin();
      if (autoLogin) user = (await fetchSessionUser()) ?? user;
    }
    return { user, autoLogin };
  }
  if (await tryAutoLogin()) {
    const autoUser = await fetchSessionUser();
    if (!autoUser) throw new Error('Auto-login did not start a session. Check that the browser accepts cookies from this site, then try again.');
    return { user: autoUser, autoLogin: true };
  }
  return { user: null, autoLogin: false };
}
