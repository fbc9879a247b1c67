import { useState } from 'react';
import { api } from '../../api/client';
import type { Variable } from '../../api/types';
import { useAsync } from '../../lib/useAsync';
import { Alert } from '../Alert';
import { ConfirmDialog } from '../ConfirmDialog';
import { Table, type Column } from '../Table';
import { useToast } from '../Toasts';
import { VariableDialog } from './VariableDialog';

type Modal = { kind: 'add' } | { kind: 'edit'; variable: Variable } | { kind: 'delete'; variable: Variable };

export function VariablesSettings() {
  const toast = useToast();
  const variables = useAsync((signal) => api.get<Variable[]>('/variables/', { signal }).then((list) => (Array.isArray(list) ? list : [])), []);
  const [modal, setModal] = useState<Modal | null>(null);

  const columns: Column<Variable>[] = [
    { key: 'name', header: 'Name', render: (v) => <code className="strong">{v.name}</code> },
    { key: 'type', header: 'Type', render: (v) => <span className={`badge ${v.type === 'Generic' ? '' : 'badge-primary'}`}>{v.type ?? 'Credential'}</span> },
    {
      key: 'value',
      header: 'Value',
      className: 'cell-value',
      render: (v) => (v.type === 'Generic' ? <span className="truncate mono-soft">{v.value ?? ''}</span> : <span className="mono-soft muted" title="Credential values are never shown">*****</span>),
    },
    { key: 'fields', header: 'Apply to fields', render: (v) => (v.default_fields?.length ? v.default_fields.join(', ') : <span className="muted">—</span>) },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      className: 'cell-actions',
      render: (v) => (
        <div className="row-actions">
          <button type="button" className="btn btn-xs" onClick={() => setModal({ kind: 'edit', variable: v })}>
            Edit<span className="sr-only"> {v.name}</span>
          </button>
          <button type="button" className="btn btn-xs btn-danger-text" onClick={() => setModal({ kind: 'delete', variable: v })}>
            Delete<span className="sr-only"> {v.name}</span>
          </button>
        </div>
      ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="page-title">Global Variables</h1>
          <p className="page-subtitle">Values your flows can use by name. Credentials are encrypted and write-only.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setModal({ kind: 'add' })}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          Add Variable
        </button>
      </div>
      {variables.error ? (
        <Alert tone="error" title="Could not load your variables" actions={<button type="button" className="btn btn-sm" onClick={variables.reload}>Retry</button>}>
          {variables.error.message}
        </Alert>
      ) : null}
      <Table caption="Global variables" columns={columns} rows={variables.data} rowKey={(v) => v.id} loading={variables.loading} placeholderRows={3} empty="No variables yet." />

      {modal?.kind === 'add' || modal?.kind === 'edit' ? (
        <VariableDialog
          variable={modal.kind === 'edit' ? modal.variable : null}
          onClose={() => setModal(null)}
          onSaved={(saved) => {
            setModal(null);
            toast.success(`Saved ${saved?.name ?? 'variable'}.`);
            variables.reload();
          }}
        />
      ) : null}
      {modal?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete ${modal.variable.name}?`}
          confirmLabel="Delete variable"
          danger
          onClose={() => setModal(null)}
          onConfirm={async () => {
            await api.delete(`/variables/${encodeURIComponent(modal.variable.id)}`);
            toast.success(`Deleted ${modal.variable.name}.`);
            variables.reload();
          }}
        >
          <p>Flows that use this variable will no longer find it. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
