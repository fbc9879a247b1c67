// New User and Edit user: Username, Password, Confirm Password, Active, Superuser, Save.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { User } from '../../api/types';
import { passwordProblem } from '../../lib/passwords';
import { Alert } from '../Alert';
import { Dialog } from '../Dialog';
import { CheckboxField, TextField } from '../Field';
import { createUser, updateUser, type UserPatch } from './api';

export type UserFormResult = { user: User; note?: string };

export function UserFormDialog({ user, selfId, onClose, onSaved }: { user: User | null; selfId: string; onClose: () => void; onSaved: (result: UserFormResult) => void }) {
  const editing = user !== null;
  const isSelf = editing && user.id === selfId;
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [active, setActive] = useState(user ? user.is_active : false);
  const [superuser, setSuperuser] = useState(user ? user.is_superuser : false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const name = username.trim();
    if (!name) {
      setError('Enter a username.');
      return;
    }
    const problem = editing && !password && !confirm ? null : passwordProblem(password, confirm);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!editing) {
        const created = await createUser({ username: name, password, is_active: active, is_superuser: superuser });
        if (created.is_active !== active || created.is_superuser !== superuser) {
          try {
            const updated = await updateUser(created.id, { is_active: active, is_superuser: superuser });
            onSaved({ user: updated });
          } catch (reason) {
            onSaved({ user: created, note: `User created, but setting Active/Superuser failed: ${errorMessage(reason)}` });
          }
          return;
        }
        onSaved({ user: created });
        return;
      }
      const patch: UserPatch = {};
      if (name !== user.username) patch.username = name;
      if (active !== user.is_active) patch.is_active = active;
      if (superuser !== user.is_superuser) patch.is_superuser = superuser;
      if (password) patch.password = password;
      if (Object.keys(patch).length === 0) {
        onClose();
        return;
      }
      onSaved({ user: await updateUser(user.id, patch) });
    } catch (reason) {
      setError(errorMessage(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={editing ? `Edit ${user.username}` : 'New User'}
      busy={busy}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form="user-form" className="btn btn-primary" disabled={busy} aria-busy={busy}>
            Save
          </button>
        </>
      }
    >
      <form id="user-form" className="form" onSubmit={submit} noValidate autoComplete="off">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <TextField label="Username" value={username} onChange={setUsername} autoComplete="off" autoCapitalize="none" spellCheck={false} autoFocusField required />
        <TextField
          label={editing ? 'New Password' : 'Password'}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={editing ? 'Leave empty to keep the current password. Setting one signs the user out everywhere.' : 'At least 8 characters.'}
          required={!editing}
        />
        <TextField label="Confirm Password" type="password" value={confirm} onChange={setConfirm} autoComplete="new-password" required={!editing || password.length > 0} />
        <div className="check-group">
          <CheckboxField label="Active" checked={active} onChange={setActive} disabled={isSelf} hint={isSelf ? 'You cannot deactivate your own account.' : 'Inactive users cannot sign in or use their API keys.'} />
          <CheckboxField label="Superuser" checked={superuser} onChange={setSuperuser} hint="Superusers manage all users and see the audit log." />
        </div>
      </form>
    </Dialog>
  );
}
