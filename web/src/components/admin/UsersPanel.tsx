import { useState } from 'react';
import type { User } from '../../api/types';
import { useAuth, useUser } from '../../auth/AuthContext';
import { formatDate, formatDay, formatRelative } from '../../lib/dates';
import { useAsync } from '../../lib/useAsync';
import { useDebounced } from '../../lib/useDebounced';
import { Alert } from '../Alert';
import { Avatar } from '../Avatar';
import { ConfirmDialog } from '../ConfirmDialog';
import { Pagination } from '../Pagination';
import { Table, type Column } from '../Table';
import { useToast } from '../Toasts';
import { deleteUser, listUsers, updateUser } from './api';
import { UserFormDialog } from './UserFormDialog';

const PAGE_SIZE = 20;

type Modal =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'active'; user: User }
  | { kind: 'superuser'; user: User }
  | { kind: 'delete'; user: User };

function DateCell({ value, relative = false }: { value: string | null; relative?: boolean }) {
  return (
    <span className="nowrap" title={formatDate(value)}>
      {relative ? formatRelative(value) : formatDay(value)}
    </span>
  );
}

export function UsersPanel() {
  const me = useUser();
  const { refreshUser } = useAuth();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const [modal, setModal] = useState<Modal | null>(null);
  const term = useDebounced(search.trim(), 300);
  const users = useAsync((signal) => listUsers({ skip: page * PAGE_SIZE, limit: PAGE_SIZE, search: term || undefined }, signal), [page, term]);

  const afterChange = (user: User) => {
    users.reload();
    if (user.id === me.id) void refreshUser();
  };

  const columns: Column<User>[] = [
    {
      key: 'username',
      header: 'Username',
      render: (u) => (
        <span className="user-cell">
          <Avatar image={u.profile_image} size={24} />
          <span className="truncate">{u.username}</span>
          {u.id === me.id ? <span className="badge badge-muted">you</span> : null}
        </span>
      ),
    },
    { key: 'active', header: 'Active', render: (u) => (u.is_active ? <span className="badge badge-success">Active</span> : <span className="badge badge-muted">Inactive</span>) },
    { key: 'superuser', header: 'Superuser', render: (u) => (u.is_superuser ? <span className="badge badge-primary">Superuser</span> : <span className="muted">—</span>) },
    { key: 'created', header: 'Created', render: (u) => <DateCell value={u.create_at} /> },
    { key: 'updated', header: 'Updated', render: (u) => <DateCell value={u.updated_at} /> },
    { key: 'last_login', header: 'Last login', render: (u) => (u.last_login_at ? <DateCell value={u.last_login_at} relative /> : <span className="muted">Never</span>) },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'cell-actions',
      render: (u) => {
        const self = u.id === me.id;
        return (
          <div className="row-actions">
            <button type="button" className="btn btn-xs" onClick={() => setModal({ kind: 'edit', user: u })}>
              Edit
            </button>
            <button type="button" className="btn btn-xs" onClick={() => setModal({ kind: 'active', user: u })} disabled={self && u.is_active} title={self && u.is_active ? 'You cannot deactivate your own account' : undefined}>
              {u.is_active ? 'Deactivate' : 'Activate'}
            </button>
            <button type="button" className="btn btn-xs" onClick={() => setModal({ kind: 'superuser', user: u })}>
              {u.is_superuser ? 'Revoke superuser' : 'Make superuser'}
            </button>
            <button type="button" className="btn btn-xs btn-danger-text" onClick={() => setModal({ kind: 'delete', user: u })} disabled={self} title={self ? 'You cannot delete your own account' : undefined}>
              Delete
            </button>
          </div>
        );
      },
    },
  ];

  return (
    <>
      <div className="toolbar">
        <div className="search">
          <label htmlFor="user-search" className="sr-only">
            Search users
          </label>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="search-icon">
            <circle cx="7" cy="7" r="4.5" stroke="currentColor" strokeWidth="1.5" fill="none" />
            <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <input
            id="user-search"
            type="search"
            className="input search-input"
            placeholder="Search users"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(0);
            }}
          />
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setModal({ kind: 'create' })}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          New User
        </button>
      </div>

      {users.error ? (
        <Alert tone="error" title="Could not load users" actions={<button type="button" className="btn btn-sm" onClick={users.reload}>Retry</button>}>
          {users.error.message}
        </Alert>
      ) : null}

      <Table caption="Users" columns={columns} rows={users.data?.users} rowKey={(u) => u.id} loading={users.loading} empty={term ? `No users match “${term}”.` : 'No users yet.'} />
      <Pagination page={page} pageSize={PAGE_SIZE} total={users.data?.total_count ?? 0} onPage={setPage} noun="users" />

      {modal?.kind === 'create' || modal?.kind === 'edit' ? (
        <UserFormDialog
          user={modal.kind === 'edit' ? modal.user : null}
          selfId={me.id}
          onClose={() => setModal(null)}
          onSaved={({ user, note }) => {
            setModal(null);
            if (note) toast.error(note);
            else toast.success(modal.kind === 'create' ? `Created user ${user.username}.` : `Saved ${user.username}.`);
            afterChange(user);
          }}
        />
      ) : null}

      {modal?.kind === 'active' ? (
        <ConfirmDialog
          title={modal.user.is_active ? `Deactivate ${modal.user.username}?` : `Activate ${modal.user.username}?`}
          confirmLabel={modal.user.is_active ? 'Deactivate' : 'Activate'}
          danger={modal.user.is_active}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            const user = await updateUser(modal.user.id, { is_active: !modal.user.is_active });
            toast.success(user.is_active ? `${user.username} is active.` : `${user.username} is deactivated.`);
            afterChange(user);
          }}
        >
          {modal.user.is_active ? (
            <p>
              <strong>{modal.user.username}</strong> will be signed out everywhere at once, cannot sign in, and their API keys stop working until the account is activated again.
            </p>
          ) : (
            <p>
              <strong>{modal.user.username}</strong> will be able to sign in and use their API keys.
            </p>
          )}
        </ConfirmDialog>
      ) : null}

      {modal?.kind === 'superuser' ? (
        <ConfirmDialog
          title={modal.user.is_superuser ? `Revoke superuser from ${modal.user.username}?` : `Make ${modal.user.username} a superuser?`}
          confirmLabel={modal.user.is_superuser ? 'Revoke superuser' : 'Make superuser'}
          danger={!modal.user.is_superuser}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            const user = await updateUser(modal.user.id, { is_superuser: !modal.user.is_superuser });
            toast.success(user.is_superuser ? `${user.username} is now a superuser.` : `${user.username} is no longer a superuser.`);
            afterChange(user);
          }}
        >
          {modal.user.is_superuser ? (
            <p>
              <strong>{modal.user.username}</strong> loses access to the admin page and is signed out everywhere.
            </p>
          ) : (
            <p>
              <strong>{modal.user.username}</strong> will be able to manage every user — create, edit, deactivate and delete accounts — and read the audit log.
            </p>
          )}
        </ConfirmDialog>
      ) : null}

      {modal?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete ${modal.user.username}?`}
          confirmLabel="Delete user"
          danger
          onClose={() => setModal(null)}
          onConfirm={async () => {
            await deleteUser(modal.user.id);
            toast.success(`Deleted user ${modal.user.username}.`);
            if (users.data && users.data.users.length === 1 && page > 0) setPage(page - 1);
            users.reload();
          }}
        >
          <p>
            This permanently deletes the account <strong>{modal.user.username}</strong> and everything it owns: <strong>its flows, projects, global variables and API keys</strong>, and ends all of its
            sessions.
          </p>
          <p>This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
