// The session as React state. Nothing private is kept outside this context and the pages it
// renders: logging out (or losing the session) unmounts them, aborts in-flight requests and,
// outside auto-login mode, reloads the document on /login so no JavaScript memory survives.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { apiRequest, resetClient, setAuthHooks } from '../api/client';
import type { User } from '../api/types';
import { loginPath, navigate, setLeaveGuard } from '../router';
import { detectSession, fetchSessionUser, tryAutoLogin } from './session';

export type AuthState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'anon' }
  /** Auto-login mode after Logout (or a lost session): nothing shown until the user continues. */
  | { status: 'signedOut'; reason: 'logout' | 'expired' }
  | { status: 'authed'; user: User };

interface AuthContextValue {
  state: AuthState;
  autoLogin: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  refreshUser: () => Promise<void>;
  restart: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function clearBrowserState(): void {
  try {
    window.sessionStorage.clear();
  } catch {
    /* storage may be unavailable */
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [autoLogin, setAutoLogin] = useState(false);
  const stateRef = useRef(state);
  const autoLoginRef = useRef(autoLogin);
  stateRef.current = state;
  autoLoginRef.current = autoLogin;

  const start = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const found = await detectSession();
      setAutoLogin(found.autoLogin);
      setState(found.user ? { status: 'authed', user: found.user } : { status: 'anon' });
    } catch (error) {
      setState({ status: 'error', message: error instanceof Error ? error.message : 'Could not reach the server.' });
    }
  }, []);

  useEffect(() => {
    void start();
  }, [start]);

  useEffect(() => {
    setAuthHooks({
      reauthenticate: async () => (autoLoginRef.current ? tryAutoLogin() : false),
      onAuthLost: () => {
        if (stateRef.current.status !== 'authed') return;
        resetClient();
        setLeaveGuard(null);
        clearBrowserState();
        if (autoLoginRef.current) {
          setState({ status: 'signedOut', reason: 'expired' });
          return;
        }
        const here = window.location.pathname + window.location.search;
        setState({ status: 'anon' });
        navigate(loginPath(here), { replace: true, force: true });
      },
    });
    return () => setAuthHooks(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await apiRequest('/login', { method: 'POST', form: { username, password }, refresh: false });
    const user = await fetchSessionUser();
    if (!user) throw new Error('Signed in, but the browser did not keep the session. Check that cookies are allowed for this site.');
    setAutoLogin(false);
    setState({ status: 'authed', user });
  }, []);

  const logout = useCallback(async () => {
    const wasAutoLogin = autoLoginRef.current;
    try {
      await apiRequest('/logout', { method: 'POST', refresh: false });
    } catch {
      /* the local session is cleared whatever the server said */
    }
    resetClient();
    setLeaveGuard(null);
    clearBrowserState();
    // Unmount every private view before the history entry changes.
    flushSync(() => setState(wasAutoLogin ? { status: 'signedOut', reason: 'logout' } : { status: 'anon' }));
    document.title = 'Flowgate';
    if (wasAutoLogin) {
      window.history.replaceState(null, '', '/');
    } else {
      // A fresh document: nothing from the previous session survives in memory.
      window.location.replace('/login');
    }
  }, []);

  const refreshUser = useCallback(async () => {
    const user = await fetchSessionUser();
    if (user) setState((current) => (current.status === 'authed' ? { status: 'authed', user } : current));
  }, []);

  const restart = useCallback(() => {
    void start();
  }, [start]);

  const value = useMemo(() => ({ state, autoLogin, login, logout, refreshUser, restart }), [state, autoLogin, login, logout, refreshUser, restart]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The logged-in user; only inside the authenticated part of the app. */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'authed') throw new Error('useUser without a session');
  return state.user;
}
