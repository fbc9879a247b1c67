/** Characters that are not allowed in file names on common systems. */
export function safeFileName(name: string, fallback = 'flow'): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '').trim();
  return (cleaned || fallback).slice(0, 120);
}

/** Saves JSON as a file through a Blob URL (revoked right after). */
export function downloadJson(fileName: string, value: unknown): void {
  saveBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), fileName);
}

/** Saves a Blob as a file through a Blob URL (revoked right after). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
