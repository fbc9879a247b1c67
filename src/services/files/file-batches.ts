// The Files page's bulk actions (Langflow's /api/v2/files routes): rename, delete several or
// all, and download several as one zip. Only the caller's files are ever touched; ids of
// other users' files are treated as absent.
import fs from 'node:fs';
import { zipSync } from 'fflate';
import { deleteFileRow, findFileRow, findFileRows, listFileRows, renameFileRow, type FileRow } from '../../storage/repositories/files.js';
import type { AppDeps } from '../deps.js';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { FileMessages, fileAbsolutePath, splitName } from './files.js';
import { downloadStamp } from '../flows/flow-transfer.js';

export const MAX_BATCH_FILES = 1000;
const MAX_NAME_LENGTH = 255;

/** Langflow's rename: the shown name (without extension) changes; the extension stays. */
export async function renameUserFile(deps: AppDeps, userId: string, fileId: string, newName: string): Promise<FileRow> {
  const file = await findFileRow(deps.storage.db, userId, fileId);
  if (!file) throw new NotFoundError(FileMessages.notFound);
  const root = newName.normalize('NFC').trim();
  if (!root || [...root].length > MAX_NAME_LENGTH || /[\p{Cc}\p{Cf}/\\]/u.test(root)) {
    throw new BadRequestError(`A file name must be 1 to ${MAX_NAME_LENGTH} characters, without control characters or slashes`);
  }
  const { extension } = splitName(file.name);
  const name = extension ? `${root}.${extension}` : root;
  await renameFileRow(deps.storage.db, userId, file.id, name);
  return { ...file, name };
}

async function removeFiles(deps: AppDeps, userId: string, files: FileRow[]): Promise<number> {
  let deleted = 0;
  for (const file of files) {
    if (await deleteFileRow(deps.storage.db, userId, file.id)) deleted += 1;
    await fs.promises.rm(fileAbsolutePath(deps, file.path), { force: true });
  }
  return deleted;
}

export async function deleteUserFiles(deps: AppDeps, userId: string, ids: string[]): Promise<{ message: string }> {
  const files = await findFileRows(deps.storage.db, userId, ids);
  if (files.length === 0) throw new NotFoundError('No files found');
  const deleted = await removeFiles(deps, userId, files);
  return { message: `${deleted} files deleted successfully` };
}

export async function deleteAllUserFiles(deps: AppDeps, userId: string): Promise<{ message: string }> {
  const deleted = await removeFiles(deps, userId, await listFileRows(deps.storage.db, userId));
  return { message: `All ${deleted} files deleted successfully` };
}

/** What one zip may hold: the zip is built in memory, so one request cannot take it all. */
export const MAX_ZIP_FILE_SIZES = 4;

/** One zip of the chosen files, each under its full name (a repeated name gets ` (n)`). */
export async function zipUserFiles(deps: AppDeps, userId: string, ids: string[]): Promise<{ bytes: Uint8Array; filename: string }> {
  const files = await findFileRows(deps.storage.db, userId, ids);
  if (files.length === 0) throw new NotFoundError('No files found');
  const limit = MAX_ZIP_FILE_SIZES * deps.config.maxFileBytes;
  if (files.reduce((sum, file) => sum + Number(file.size), 0) > limit) {
    throw new AppError(413, `These files hold more than ${Math.floor(limit / (1024 * 1024))} MB: download them in smaller groups.`);
  }
  const entries: Record<string, Uint8Array> = {};
  for (const file of files) {
    const bytes = await fs.promises.readFile(fileAbsolutePath(deps, file.path)).catch(() => {
      throw new NotFoundError(`File not found: ${splitName(file.name).root}`);
    });
    const { root, extension } = splitName(file.name);
    let entry = file.name;
    for (let n = 1; entry in entries; n++) entry = extension ? `${root} (${n}).${extension}` : `${root} (${n})`;
    entries[entry] = bytes;
  }
  return { bytes: zipSync(entries, { level: 6 }), filename: `${downloadStamp(deps)}_flowgate_files.zip` };
}
