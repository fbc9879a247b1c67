import { useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../api/client';
import type { Flow } from '../../api/types';
import { uploadFlows } from './api';

/** A file input styled as a button: uploads a Langflow JSON export to the given project. */
export function ImportButton({ folderId, onImported, onError }: { folderId: string | null; onImported: (flows: Flow[]) => void; onError: (message: string) => void }) {
  const [busy, setBusy] = useState(false);

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      onImported(await uploadFlows(file, folderId));
    } catch (reason) {
      onError(`Import failed: ${errorMessage(reason)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <label className={`btn file-button ${busy ? 'is-busy' : ''}`} aria-busy={busy}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d="M8 10V2M5 5l3-3 3 3M2.5 10v2.5A1.5 1.5 0 0 0 4 14h8a1.5 1.5 0 0 0 1.5-1.5V10" stroke="currentColor" strokeWidth="1.5" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>{busy ? 'Importing…' : 'Import'}</span>
      <input type="file" accept=".json,application/json" className="sr-only" onChange={onChange} disabled={busy} />
    </label>
  );
}
