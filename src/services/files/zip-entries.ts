// Reads the entries of an uploaded zip with their inflated size checked WHILE inflating: a zip's
// declared sizes are the sender's word, and a 92 kB zip inflated to 94 MB (issue 10, finding 7).
// The compressed bytes are fed in small slices, so no single inflate step can produce more than
// about a thousand times a slice before the count is checked and the work abandoned.
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { AppError, BadRequestError } from '../errors.js';

const SLICE_BYTES = 1024;

export interface ZipLimits {
  /** Largest inflated entry, and largest inflated total, in bytes. */
  maxBytes: number;
  /** A message naming the setting, for the 413. */
  tooLarge: string;
}

/** The entries `wanted` selects, name → bytes; 413 as soon as one (or all together) exceed the limit. */
export function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, limits: ZipLimits): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  let failure: Error | undefined;
  const open: UnzipFile[] = [];
  const unzip = new Unzip((file) => {
    if (failure || !wanted(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = new BadRequestError('Invalid ZIP file');
        return;
      }
      size += data.length;
      total += data.length;
      if (size > limits.maxBytes || total > limits.maxBytes) {
        failure = new AppError(413, limits.tooLarge);
        return;
      }
      chunks.push(data);
      if (final) entries.set(file.name, concat(chunks, size));
    };
    open.push(file);
    try {
      file.start();
    } catch {
      failure = new BadRequestError('Invalid ZIP file');
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let offset = 0; offset < bytes.length && !failure; offset += SLICE_BYTES) {
      unzip.push(bytes.subarray(offset, offset + SLICE_BYTES), offset + SLICE_BYTES >= bytes.length);
    }
  } catch {
    failure ??= new BadRequestError('Invalid ZIP file');
  }
  if (failure) {
    for (const file of open) file.terminate();
    throw failure;
  }
  return entries;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
