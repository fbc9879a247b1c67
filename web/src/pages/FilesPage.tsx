// The Files page: the user's uploaded files (Langflow's /api/v2/files), with upload progress,
// rename, delete, and download of one file or a zip of several.
import { useState, type ChangeEvent } from 'react';
import { errorMessage } from '../api/client';
import { Alert } from '../components/Alert';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { deleteFile, deleteFiles, downloadFiles, listFiles, renameFile, uploadFile, type UserFile } from '../components/files/api';
import { Table } from '../components/Table';
import { useToast } from '../components/Toasts';
import { formatDate } from '../lib/dates';
import { useAsync } from '../lib/useAsync';
import { useDocumentTitle } from '../lib/useDocumentTitle';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type Confirm = { kind: 'one'; file: UserFile } | { kind: 'selected'; ids: string[] };

export function FilesPage() {
  useDocumentTitle('Files');
  const toast = useToast();
  const files = useAsync((signal) => listFiles(signal), []);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const rows = files.data ?? [];
  const chosen = rows.filter((f) => selected.has(f.id)).map((f) => f.id);

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const onUpload = async (event: ChangeEvent<HTMLInputElement>) => {
    const list = [...(event.target.files ?? [])];
    event.target.value = '';
    for (const file of list) {
      setProgress({ name: file.name, fraction: 0 });
      try {
        await uploadFile(file, (fraction) => setProgress({ name: file.name, fraction }));
        toast.success(`Uploaded “${file.name}”.`);
      } catch (reason) {
        toast.error(errorMessage(reason));
      }
    }
    setProgress(null);
    files.reload();
  };

  const saveRename = async () => {
    if (!renaming) return;
    try {
      await renameFile(renaming.id, renaming.name.trim());
      setRenaming(null);
      files.reload();
    } catch (reason) {
      toast.error(errorMessage(reason));
    }
  };

  return (
    <section className="content">
      <div className="page-head">
        <div>
          <h1 className="page-title">Files</h1>
          <p className="page-subtitle">Files you uploaded for your flows. Only you can see them.</p>
        </div>
        <div className="page-actions">
          {chosen.length > 0 ? (
            <>
              <button type="button" className="btn" onClick={() => downloadFiles(chosen).catch((r) => toast.error(errorMessage(r)))}>
                Download selected ({chosen.length})
              </button>
              <button type="button" className="btn btn-danger-text" onClick={() => setConfirm({ kind: 'selected', ids: chosen })}>
                Delete selected ({chosen.length})
              </button>
            </>
          ) : null}
          <label className="btn btn-primary file-button">
            <span>Upload files</span>
            <input type="file" multiple className="sr-only" onChange={onUpload} disabled={progress !== null} />
          </label>
        </div>
      </div>
      {progress ? (
        <div className="upload-progress" role="status">
          Uploading {progress.name}: {Math.round(progress.fraction * 100)}%
          <progress max={1} value={progress.fraction} aria-label={`Uploading ${progress.name}`} />
        </div>
      ) : null}
      {files.error ? <Alert tone="error" title="Could not load your files">{files.error.message}</Alert> : null}
      <Table
        caption="Your files"
        rows={files.data}
        rowKey={(f) => f.id}
        loading={files.loading}
        empty="No files yet. Upload one to use it in a flow."
        columns={[
          {
            key: 'select',
            header: (
              <input
                type="checkbox"
                className="checkbox"
                aria-label="Select all files"
                checked={rows.length > 0 && chosen.length === rows.length}
                onChange={(e) => setSelected(new Set(e.target.checked ? rows.map((f) => f.id) : []))}
              />
            ),
            render: (f) => <input type="checkbox" className="checkbox" aria-label={`Select ${f.name}`} checked={selected.has(f.id)} onChange={(e) => toggle(f.id, e.target.checked)} />,
          },
          {
            key: 'name',
            header: 'Name',
            render: (f) =>
              renaming?.id === f.id ? (
                <form
                  className="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void saveRename();
                  }}
                >
                  <input className="input" aria-label={`New name for ${f.name}`} value={renaming.name} onChange={(e) => setRenaming({ id: f.id, name: e.target.value })} autoFocus />
                  <button type="submit" className="btn btn-sm btn-primary">Save</button>
                  <button type="button" className="btn btn-sm" onClick={() => setRenaming(null)}>Cancel</button>
                </form>
              ) : (
                f.name
              ),
          },
          { key: 'size', header: 'Size', render: (f) => size(f.size) },
          { key: 'created', header: 'Uploaded', render: (f) => formatDate(f.created_at) },
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            render: (f) => (
              <div className="row-actions">
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => downloadFiles([f.id]).catch((r) => toast.error(errorMessage(r)))}>
                  Download<span className="sr-only"> {f.name}</span>
                </button>
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setRenaming({ id: f.id, name: f.name })}>
                  Rename<span className="sr-only"> {f.name}</span>
                </button>
                <button type="button" className="btn btn-ghost btn-sm btn-danger-text" onClick={() => setConfirm({ kind: 'one', file: f })}>
                  Delete<span className="sr-only"> {f.name}</span>
                </button>
              </div>
            ),
          },
        ]}
      />
      {confirm ? (
        <ConfirmDialog
          title={confirm.kind === 'one' ? 'Delete file?' : `Delete ${confirm.ids.length} files?`}
          confirmLabel="Delete"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            if (confirm.kind === 'one') await deleteFile(confirm.file.id);
            else await deleteFiles(confirm.ids);
            setSelected(new Set());
            files.reload();
          }}
        >
          <p>{confirm.kind === 'one' ? `“${confirm.file.name}” will be deleted.` : 'The selected files will be deleted.'} Flows that use them will no longer find them.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
