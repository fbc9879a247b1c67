import { useState, type FormEvent } from 'react';
import { ApiError, apiRequest, errorMessage } from '../api/client';
import type { User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { Alert } from '../components/Alert';
import { AuthLayout } from '../components/AuthLayout';
import { TextField } from '../components/Field';
import { passwordProblem } from '../lib/passwords';
import { useDocumentTitle } from '../lib/useDocumentTitle';
import { Link } from '../router';

export function SignupPage() {
  useDocumentTitle('Sign up');
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const name = username.trim();
    const problem = !name ? 'Choose a username.' : passwordProblem(password, confirm);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { data: user } = await apiRequest<User>('/users/', { method: 'POST', json: { username: name, password }, refresh: false });
      if (user && user.is_active === false) {
        setWaiting(name);
        setPassword('');
        setConfirm('');
        setBusy(false);
        return;
      }
      await login(name, password);
    } catch (reason) {
      setError(reason instanceof ApiError && reason.status === 403 && /registration/i.test(reason.message) ? 'Sign-up is closed on this server. Ask an administrator for an account.' : errorMessage(reason));
      setBusy(false);
    }
  };

  if (waiting) {
    return (
      <AuthLayout title="Waiting for approval" footer={<Link to="/login">Back to sign in</Link>}>
        <Alert tone="info" title={`Account “${waiting}” created`}>
          An administrator must activate it before you can sign in. You will be able to sign in with your password once it is approved.
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Create an account"
      footer={
        <>
          Already have an account? <Link to="/login">Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-message" aria-live="polite">
          {error ? <Alert tone="error">{error}</Alert> : null}
        </div>
        <TextField label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={setUsername} autoFocus required />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" value={password} onChange={setPassword} hint="At least 8 characters." required />
        <TextField label="Confirm Password" name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={setConfirm} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} aria-busy={busy}>
          {busy ? 'Creating account…' : 'Sign Up'}
        </button>
      </form>
    </AuthLayout>
  );
}
