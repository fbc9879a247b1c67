// Which project a flow lands in: the caller's own project, else (where Langflow falls back) the
// caller's default project. A project of another user is never a destination.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { findFolder, findFolderByName, insertFolder } from '../../storage/repositories/folders.js';
import { isUuid } from '../../storage/repositories/flows.js';
import { DEFAULT_PROJECT_DESCRIPTION, DEFAULT_PROJECT_NAME } from '../projects/default-project.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError } from '../errors.js';

export const FOLDER_NOT_FOUND = 'Folder not found';

/** The user's default project, created again if it was deleted (as Langflow does). */
export async function defaultProjectId(deps: AppDeps, userId: string, db: Kysely<Database> = deps.storage.db): Promise<string> {
  const folder = await findFolderByName(db, userId, DEFAULT_PROJECT_NAME);
  if (folder) return folder.id;
  const id = randomUUID();
  await insertFolder(db, { id, name: DEFAULT_PROJECT_NAME, description: DEFAULT_PROJECT_DESCRIPTION, parent_id: null, user_id: userId });
  return id;
}

/**
 * strict: a folder_id that is not the caller's is refused (400 `Folder not found`, the same for
 * unknown and foreign ids); fallback: it is replaced by the default project (uploads, batches).
 */
export async function destinationFolder(
  deps: AppDeps,
  db: Kysely<Database>,
  userId: string,
  folderId: string | null | undefined,
  mode: 'strict' | 'fallback',
): Promise<string> {
  if (folderId) {
    const folder = isUuid(folderId) ? await findFolder(db, userId, folderId.toLowerCase()) : undefined;
    if (folder) return folder.id;
    if (mode === 'strict') throw new BadRequestError(FOLDER_NOT_FOUND);
  }
  return defaultProjectId(deps, userId, db);
}
