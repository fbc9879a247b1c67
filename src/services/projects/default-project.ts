// Every user gets a default project at creation, as Langflow does.
import { randomUUID } from 'node:crypto';
import { insertFolder } from '../../storage/repositories/folders.js';
import type { AppDeps } from '../deps.js';

export const DEFAULT_PROJECT_NAME = 'Starter Project';
export const DEFAULT_PROJECT_DESCRIPTION = 'Manage your own projects. Download and upload projects.';

export async function createDefaultProject(deps: AppDeps, userId: string): Promise<string> {
  const id = randomUUID();
  await insertFolder(deps.storage.db, { id, name: DEFAULT_PROJECT_NAME, description: DEFAULT_PROJECT_DESCRIPTION, parent_id: null, user_id: userId });
  return id;
}
