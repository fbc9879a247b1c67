// Uploaded files (Langflow's /api/v2/files and /api/v1/files/upload/{flow_id}). Bytes live at
// <CONFIG_DIR>/files/<user_id>/<random uuid>: the name a user gives is stored as data and never
// becomes part of a path. Every lookup is scoped by the owner; another user's file is 404.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deleteFileRow, findFileRow, insertFileRow, listFileNames, listFileRows, type FileRow } from '../../storage/repositories/files.js';
import { findFlow, isUuid } from '../../storage/repositories/flows.js';
import { type AppDeps, nowIso } from '../deps.js';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { fileBytesLeft, fileStorageFull } from './quotas.js';

export interface IncomingFile {
  /** The client's file name (busboy already dropped any directory part). */
  filename: string;
  /** The bytes; `truncated` is set when they went over the size limit. */
  stream: Readable & { truncated?: boolean };
}

export const FileMessages = {
  notFound: 'File not found',
  noFile: 'No file provided',
  flowNotFound: 'Flow not found',
} as const;

export function filesRoot(deps: AppDeps): string {
  return path.join(deps.config.configDir, 'files');
}

/** Langflow's name split: the root is what it shows, the extension is kept for downloads. */
export function splitName(name: string): { root: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { root: name, extension: '' };
  return { root: name.slice(0, dot), extension: name.slice(dot + 1) };
}

/** As Langflow: a root the user already has becomes `root (n)`. */
function uniqueName(existing: string[], filename: string): string {
  const roots = new Set(existing.map((n) => splitName(n).root));
  const { root, extension } = splitName(filename);
  let candidate = root;
  for (let n = 1; roots.has(candidate); n++) candidate = `${root} (${n})`;
  return extension ? `${candidate}.${extension}` : candidate;
}

export async function saveUserFile(deps: AppDeps, userId: string, incoming: IncomingFile, options: { flowId?: string } = {}): Promise<FileRow> {
  if (!incoming.filename) {
    incoming.stream.resume();
    throw new BadRequestError(FileMessages.noFile);
  }
  if (options.flowId && !(await findFlow(deps.storage.db, userId, options.flowId))) {
    incoming.stream.resume();
    throw new NotFoundError(FileMessages.flowNotFound);
  }
  let bytesLeft: number;
  try {
    bytesLeft = await fileBytesLeft(deps.config, deps.storage.db, userId);
  } catch (error) {
    incoming.stream.resume();
    throw error;
  }
  const id = randomUUID();
  const relative = `${userId}/${id}`;
  const absolute = fileAbsolutePath(deps, relative);
  await fs.promises.mkdir(path.dirname(absolute), { recursive: true, mode: 0o700 });
  try {
    // The quota is checked while the file arrives: the upload stops at the first byte over it.
    await pipeline(incoming.stream, byteLimit(bytesLeft, () => fileStorageFull(deps.config)), fs.createWriteStream(absolute, { flags: 'wx', mode: 0o600 }));
    if (incoming.stream.truncated) throw tooLarge(deps);
    const { size } = await fs.promises.stat(absolute);
    const name = options.flowId ? incoming.filename : uniqueName(await listFileNames(deps.storage.db, userId), incoming.filename);
    const row: FileRow = { id, user_id: userId, flow_id: options.flowId ?? null, name, path: relative, size, created_at: nowIso(deps) };
    await insertFileRow(deps.storage.db, row);
    return row;
  } catch (error) {
    await fs.promises.rm(absolute, { force: true });
    throw error;
  }
}

export async function listUserFiles(deps: AppDeps, userId: string): Promise<FileRow[]> {
  return listFileRows(deps.storage.db, userId);
}

export async function getUserFile(deps: AppDeps, userId: string, fileId: string): Promise<FileRow> {
  const row = await findFileRow(deps.storage.db, userId, fileId);
  if (!row) throw new NotFoundError(FileMessages.notFound);
  return row;
}

/** The file's row and a stream of its bytes. */
export async function openUserFile(deps: AppDeps, userId: string, fileId: string): Promise<{ file: FileRow; stream: fs.ReadStream }> {
  const file = await getUserFile(deps, userId, fileId);
  const handle = await fs.promises.open(fileAbsolutePath(deps, file.path), 'r').catch(() => {
    throw new NotFoundError(FileMessages.notFound);
  });
  return { file, stream: handle.createReadStream() };
}

export async function deleteUserFile(deps: AppDeps, userId: string, fileId: string): Promise<FileRow> {
  const file = await getUserFile(deps, userId, fileId);
  await deleteFileRow(deps.storage.db, userId, file.id);
  await fs.promises.rm(fileAbsolutePath(deps, file.path), { force: true });
  return file;
}

/** Removes every stored byte of a user (for whoever deletes users; rows go by cascade). */
export async function removeUserFileDirectory(deps: AppDeps, userId: string): Promise<void> {
  if (!isUuid(userId)) return;
  await fs.promises.rm(path.join(filesRoot(deps), userId.toLowerCase()), { recursive: true, force: true });
}

// Paths are server-made (`<uuid>/<uuid>`); refusing anything that leaves the root is belt and braces.
export function fileAbsolutePath(deps: AppDeps, relative: string): string {
  const root = path.resolve(filesRoot(deps));
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(root + path.sep)) throw new Error('file path outside the files directory');
  return absolute;
}

/** A pass-through that fails with `error()` once more than `limit` bytes went through. */
function byteLimit(limit: number, error: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > limit ? error() : null, chunk);
    },
  });
}

function tooLarge(deps: AppDeps): AppError {
  const megabytes = Math.floor(deps.config.maxFileBytes / (1024 * 1024));
  return new AppError(413, `File size is larger than the maximum file size ${megabytes}MB.`);
}

/**
 * A file of the caller's for a run's File component, by what Langflow puts in its `path` field:
 * the v2 path `<user_id>/<file_id>` (an extension after the id is tolerated), or the id alone.
 * Another user's file, an unknown one and anything that is not such a reference are the same
 * clear error; nothing is ever read by a path the flow supplies.
 */
export async function readFileForRun(deps: AppDeps, userId: string, reference: string): Promise<{ name: string; bytes: Uint8Array }> {
  const shown = reference.length > 120 ? `${reference.slice(0, 120)}…` : reference;
  const notFound = () => new BadRequestError(`File not found among your uploaded files: ${shown}`);
  const parts = reference.trim().split('/');
  const last = parts[parts.length - 1].replace(/\.[A-Za-z0-9]{1,10}$/, '');
  if (parts.length > 2 || (parts.length === 2 && parts[0].toLowerCase() !== userId.toLowerCase()) || !isUuid(last)) throw notFound();
  const file = await findFileRow(deps.storage.db, userId, last);
  if (!file) throw notFound();
  const bytes = await fs.promises.readFile(fileAbsolutePath(deps, file.path)).catch(() => {
    throw notFound();
  });
  return { name: file.name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
