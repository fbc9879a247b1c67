import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { Alert } from '../components/Alert';
import { AuthLayout } from '../components/AuthLayout';
import { TextField } from '../components/Field';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link, useLocation } from '../router';

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { login } = useAuth();
  const { query } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; tone: 'error' | 'info' } | null>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const secondsLeft = waitUntil ? Math.max(0, Math.ceil((waitUntil - now) / 1000)) : 0;

  useEffect(() => {
    if (!waitUntil) return undefined;
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= waitUntil) {
        setWaitUntil(null);
        setError(null);
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [waitUntil]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || secondsLeft > 0) return;
    if (!username.trim() || !password) {
      setError({ text: 'Enter your username and password.', tone: 'error' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      // The router sends the now-authenticated user to ?redirect= (or /flows).
    } catch (reason) {
      setPassword('');
      if (reason instanceof ApiError && reason.status === 429) {
        const wait = reason.retryAfter ?? 60;
        setNow(Date.now());
        setWaitUntil(Date.now() + wait * 1000);
        setError({ text: reason.message, tone: 'error' });
      } else if (reason instanceof ApiError && reason.status === 400 && /approval/i.test(reason.message)) {
        setError({ text: 'Your account is waiting for approval by an administrator.', tone: 'info' });
      } else {
        setError({ text: errorMessage(reason), tone: 'error' });
      }
      setBusy(false);
    }
  };

  const redirect = query.get('redirect');

  return (
    <AuthLayout
      title="Sign in to Flowgate"
      subtitle={redirect ? 'Sign in to continue.' : undefined}
      footer={
        <>
          Don’t have an account? <Link to="/signup">Sign up</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-message" aria-live="polite">
          {error ? (
            <Alert tone={error.tone}>
              {secondsLeft > 0 ? `Too many login attempts. Try again in ${secondsLeft} second${secondsLeft === 1 ? '' : 's'}.` : error.text}
            </Alert>
          ) : null}
        </div>
        <TextField label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={setUsername} autoFocus required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || secondsLeft > 0} aria-busy={busy}>
          {busy ? 'Signing in…' : 'Sign In'}
        </button>
      </form>
    </AuthLayout>
  );
}
