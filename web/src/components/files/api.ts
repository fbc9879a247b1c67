// The user's files (Langflow's /api/v2/files): list, upload with progress, rename, delete one,
// several or all, and download one or several (a zip).
import { saveBlob } from '../../lib/download';

export interface UserFile {
  id: string;
  name: string;
  path: string;
  size: number;
  created_at: string;
  updated_at: string;
}

const FILES = '/api/v2/files';

export function listFiles(signal?: AbortSignal): Promise<UserFile[]> {
  return fetch(FILES, { credentials: 'same-origin', signal }).then(async (r) => {
    if (!r.ok) throw new Error(`Could not list files (${r.status})`);
    return (await r.json()) as UserFile[];
  });
}

/** Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', FILES);
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status === 201) return resolve();
      let detail = `Upload failed (${request.status})`;
      try {
        detail = (JSON.parse(request.responseText) as { detail?: string }).detail ?? detail;
      } catch {
        // keep the status line
      }
      reject(new Error(typeof detail === 'string' ? detail : `Upload failed (${request.status})`));
    };
    request.onerror = () => reject(new Error('Upload failed: the server could not be reached'));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

async function check(response: Response): Promise<Response> {
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { detail?: unknown };
  throw new Error(typeof body.detail === 'string' ? body.detail : `Request failed (${response.status})`);
}

export function renameFile(id: string, name: string): Promise<unknown> {
  return fetch(`${FILES}/${encodeURIComponent(id)}?name=${encodeURIComponent(name)}`, { method: 'PUT', credentials: 'same-origin' }).then(check);
}

export function deleteFile(id: string): Promise<unknown> {
  return fetch(`${FILES}/${encodeURIComponent(id)}`, { method: 'DELETE', credentials: 'same-origin' }).then(check);
}

export function deleteFiles(ids: string[]): Promise<unknown> {
  return fetch(`${FILES}/batch/`, { method: 'DELETE', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ids) }).then(check);
}

/** The file name the server gave (RFC 5987 form first). */
export function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

export async function downloadFiles(ids: string[]): Promise<void> {
  const response = await check(
    ids.length === 1
      ? await fetch(`${FILES}/${encodeURIComponent(ids[0]!)}`, { credentials: 'same-origin' })
      : await fetch(`${FILES}/batch/`, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ids) }),
  );
  saveBlob(await response.blob(), fileNameOf(response, 'files.zip'));
}

