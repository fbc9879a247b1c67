import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../api/client';
import { useAuth, useUser } from '../../auth/AuthContext';
import { AVATARS, avatarLabel, avatarUrl, DEFAULT_AVATAR } from '../../lib/avatars';
import { passwordProblem } from '../../lib/passwords';
import { Alert } from '../Alert';
import { TextField } from '../Field';
import { useToast } from '../Toasts';

function ProfilePicture() {
  const user = useUser();
  const { refreshUser } = useAuth();
  const toast = useToast();
  const current = user.profile_image && AVATARS.includes(user.profile_image) ? user.profile_image : DEFAULT_AVATAR;
  const [choice, setChoice] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/users/${encodeURIComponent(user.id)}`, { profile_image: choice });
      await refreshUser();
      toast.success('Profile picture updated.');
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit}>
      <div className="card-head">
        <h2 className="card-title">Profile picture</h2>
        <p className="card-subtitle">Shown in the header and to administrators.</p>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset className="avatar-grid">
        <legend className="sr-only">Profile picture</legend>
        {AVATARS.map((name) => (
          <label key={name} className={`avatar-option ${choice === name ? 'is-selected' : ''}`} title={avatarLabel(name)}>
            <input type="radio" name="profile_image" className="avatar-radio" value={name} checked={choice === name} onChange={() => setChoice(name)} />
            <img src={avatarUrl(name)} alt="" width={48} height={48} />
            <span className="sr-only">{avatarLabel(name)}</span>
          </label>
        ))}
      </fieldset>
      <div className="card-foot">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Updating…' : 'Update profile picture'}
        </button>
      </div>
    </form>
  );
}

function ChangePassword() {
  const user = useUser();
  const toast = useToast();
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!currentPassword) {
      setError('Enter your current password.');
      return;
    }
    const problem = passwordProblem(password, confirm);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/users/${encodeURIComponent(user.id)}/reset-password`, { current_password: currentPassword, password });
      setCurrentPassword('');
      setPassword('');
      setConfirm('');
      toast.success('Password changed. Your other sessions were signed out.');
    } catch (reason) {
      setError(errorMessage(reason));
      setCurrentPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <div className="card-head">
        <h2 className="card-title">Change password</h2>
        <p className="card-subtitle">Changing your password signs out your other sessions.</p>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      <TextField label="Current Password" type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrentPassword} />
      <TextField label="New Password" type="password" autoComplete="new-password" value={password} onChange={setPassword} hint="At least 8 characters." />
      <TextField label="Confirm Password" type="password" autoComplete="new-password" value={confirm} onChange={setConfirm} />
      <div className="card-foot">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change Password'}
        </button>
      </div>
    </form>
  );
}

export function GeneralSettings() {
  const user = useUser();
  const { autoLogin } = useAuth();
  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="page-title">General</h1>
          <p className="page-subtitle">
            Signed in as <strong>{user.username}</strong>
            {user.is_superuser ? ' (superuser)' : ''}.
          </p>
        </div>
      </div>
      <ProfilePicture />
      {autoLogin ? (
        <div className="card">
          <div className="card-head">
            <h2 className="card-title">Password</h2>
          </div>
          <Alert tone="info">
            This server runs in auto-login mode: the auto-login account has no password and nobody signs in. To use passwords, set <code>LANGFLOW_AUTO_LOGIN=false</code> and a superuser; a superuser can give any account a
            password from the admin page.
          </Alert>
        </div>
      ) : (
        <ChangePassword />
      )}
    </>
  );
}
