import { useState } from 'react';
import { api } from '../../api/client';
import type { ApiKey, ApiKeysList } from '../../api/types';
import { formatDate, formatRelative } from '../../lib/dates';
import { useAsync } from '../../lib/useAsync';
import { Alert } from '../Alert';
import { ConfirmDialog } from '../ConfirmDialog';
import { Table, type Column } from '../Table';
import { useToast } from '../Toasts';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

/** The server sends the key's first characters then one `*` per hidden character: show the prefix and a short mask. */
function shortMask(masked: string): string {
  const prefix = masked.replace(/\*+$/, '');
  return prefix === masked ? masked : `${prefix}********`;
}

export function ApiKeysSettings() {
  const toast = useToast();
  const keys = useAsync((signal) => api.get<ApiKeysList>('/api_key/', { signal }).then((body) => body?.api_keys ?? []), []);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', render: (k) => <span className="strong">{k.name || 'Unnamed'}</span> },
    { key: 'key', header: 'Key', render: (k) => <code className="mono-soft nowrap">{shortMask(k.api_key)}</code> },
    { key: 'created', header: 'Created', render: (k) => <span className="nowrap">{formatDate(k.created_at)}</span> },
    {
      key: 'used',
      header: 'Last used',
      render: (k) =>
        k.last_used_at ? (
          <span className="nowrap" title={formatDate(k.last_used_at)}>
            {formatRelative(k.last_used_at)}
          </span>
        ) : (
          <span className="muted">Never</span>
        ),
    },
    { key: 'uses', header: 'Total uses', className: 'cell-num', render: (k) => (k.total_uses ?? 0).toLocaleString() },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'cell-actions',
      render: (k) => (
        <button type="button" className="btn btn-xs btn-danger-text" onClick={() => setDeleting(k)}>
          Delete<span className="sr-only"> key {k.name}</span>
        </button>
      ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="page-title">API Keys</h1>
          <p className="page-subtitle">Keys run your flows from scripts and apps, with your permissions. Treat them like passwords.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          Create API Key
        </button>
      </div>
      {keys.error ? (
        <Alert tone="error" title="Could not load your API keys" actions={<button type="button" className="btn btn-sm" onClick={keys.reload}>Retry</button>}>
          {keys.error.message}
        </Alert>
      ) : null}
      <Table caption="API keys" columns={columns} rows={keys.data} rowKey={(k) => k.id} loading={keys.loading} placeholderRows={3} empty="No API keys yet. Create one to call your flows from code." />

      {creating ? <CreateApiKeyDialog onClose={() => setCreating(false)} onCreated={keys.reload} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete API key “${deleting.name || 'Unnamed'}”?`}
          confirmLabel="Delete key"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/api_key/${encodeURIComponent(deleting.id)}`);
            toast.success('API key deleted.');
            keys.reload();
          }}
        >
          <p>
            Scripts and apps using <code>{shortMask(deleting.api_key)}</code> will stop working immediately. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
