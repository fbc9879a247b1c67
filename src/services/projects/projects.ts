// Projects (Langflow's folders). Every lookup is scoped to the caller: another user's project
// is `Project not found`, exactly like one that does not exist.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import {
  deleteFolder,
  findFolder,
  type FolderChanges,
  folderNamesLike,
  type FolderRow,
  insertFolder,
  listFolders,
  updateFolder,
} from '../../storage/repositories/folders.js';
import { countFlows, deleteFlowsInFolder, isUuid, listFlows, type ListFlowsFilter, moveFlowsToFolder } from '../../storage/repositories/flows.js';
import { DEFAULT_PROJECT_NAME } from './default-project.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { DEFAULT_PAGE_SIZE, pageOf, type Page } from '../flows/flow-list.js';
import { type FlowJson, toFlowRead } from '../flows/flow-output.js';
import { nextNumberedName } from '../flows/unique-names.js';

export const ProjectMessages = {
  notFound: 'Project not found',
  nameTaken: 'Project name must be unique',
  ownParent: 'A project cannot be its own parent',
} as const;

export interface ProjectRead {
  id: string;
  name: string;
  description: string | null;
  parent_id: string | null;
}

export function toProjectRead(row: FolderRow): ProjectRead {
  return { id: row.id, name: row.name, description: row.description, parent_id: row.parent_id };
}

export async function ownProject(db: Kysely<Database>, userId: string, projectId: string): Promise<FolderRow> {
  const folder = isUuid(projectId) ? await findFolder(db, userId, projectId.toLowerCase()) : undefined;
  if (!folder) throw new NotFoundError(ProjectMessages.notFound);
  return folder;
}

/** The default project first, then the others by name (as Langflow sorts them). */
export async function listProjects(deps: AppDeps, userId: string): Promise<ProjectRead[]> {
  const rows = await listFolders(deps.storage.db, userId);
  const isDefault = (row: FolderRow) => (row.name === DEFAULT_PROJECT_NAME ? 0 : 1);
  return [...rows].sort((a, b) => isDefault(a) - isDefault(b)).map(toProjectRead);
}

export interface NewProjectInput {
  name: string;
  description?: string | null;
  parent_id?: string | null;
  components_list?: string[];
  flows_list?: string[];
}

/** A parent must be the caller's project, and a project may not become its own ancestor. */
async function checkParent(db: Kysely<Database>, userId: string, parentId: string, selfId: string): Promise<string> {
  let cursor: FolderRow | undefined = await ownProject(db, userId, parentId);
  const parent = cursor.id;
  for (let depth = 0; cursor && depth < 1000; depth++) {
    if (cursor.id === selfId) throw new BadRequestError(ProjectMessages.ownParent);
    cursor = cursor.parent_id ? await findFolder(db, userId, cursor.parent_id) : undefined;
  }
  return parent;
}

export async function createProject(deps: AppDeps, userId: string, input: NewProjectInput): Promise<ProjectRead> {
  return deps.storage.db.transaction().execute(async (trx) => {
    const id = randomUUID();
    const row = {
      id,
      name: nextNumberedName(input.name, await folderNamesLike(trx, userId, input.name)),
      description: input.description ?? null,
      parent_id: input.parent_id ? await checkParent(trx, userId, input.parent_id, id) : null,
      user_id: userId,
      auth_settings: null, // MCP: null means apikey, the default
    };
    await insertFolder(trx, row);
    // Only the caller's flows move; ids of other users' flows are ignored.
    await moveFlowsToFolder(trx, userId, [...(input.flows_list ?? []), ...(input.components_list ?? [])], id);
    return toProjectRead(row);
  });
}

export interface ProjectFlowsQuery {
  page?: number;
  size?: number;
  is_component?: boolean;
  is_flow?: boolean;
  search?: string;
}

export type ProjectWithFlows = (ProjectRead & { flows: FlowJson[] }) | { folder: ProjectRead; flows: Page<FlowJson> };

/** Langflow answers with the project and its flows; with page and size, one page of them. */
export async function getProject(deps: AppDeps, userId: string, projectId: string, query: ProjectFlowsQuery): Promise<ProjectWithFlows> {
  const db = deps.storage.db;
  const folder = await ownProject(db, userId, projectId);
  if (query.page === undefined || query.size === undefined) {
    const flows = await listFlows(db, userId, { folderId: folder.id });
    return { ...toProjectRead(folder), flows: flows.map(toFlowRead) };
  }
  const filter: ListFlowsFilter = { folderId: folder.id, search: query.search || undefined };
  if (query.is_component) filter.isComponent = true;
  else if (query.is_flow) filter.isComponent = false;
  const size = query.size || DEFAULT_PAGE_SIZE;
  const [flows, total] = await Promise.all([
    listFlows(db, userId, filter, { offset: (query.page - 1) * size, limit: size }),
    countFlows(db, userId, filter),
  ]);
  return { folder: toProjectRead(folder), flows: pageOf(flows.map(toFlowRead), total, query.page, size) };
}

export interface ProjectChangesInput {
  name?: string | null;
  description?: string | null;
  parent_id?: string | null;
}

export async function updateProject(deps: AppDeps, userId: string, projectId: string, input: ProjectChangesInput): Promise<ProjectRead> {
  const db = deps.storage.db;
  const folder = await ownProject(db, userId, projectId);
  const changes: FolderChanges = {};
  if (input.name && input.name !== folder.name) {
    if ((await folderNamesLike(db, userId, input.name)).includes(input.name)) throw new BadRequestError(ProjectMessages.nameTaken);
    changes.name = input.name;
  }
  if (input.description !== undefined && input.description !== null) changes.description = input.description;
  if (input.parent_id) changes.parent_id = await checkParent(db, userId, input.parent_id, folder.id);
  if (Object.keys(changes).length > 0 && !(await updateFolder(db, userId, folder.id, changes))) {
    throw new NotFoundError(ProjectMessages.notFound);
  }
  return toProjectRead({ ...folder, ...changes });
}

/** D15-style: a project goes with its flows (and its sub-projects, by cascade). */
export async function deleteProject(deps: AppDeps, userId: string, projectId: string): Promise<void> {
  await deps.storage.db.transaction().execute(async (trx) => {
    const folder = await ownProject(trx, userId, projectId);
    await deleteFlowsInFolder(trx, userId, folder.id);
    if (!(await deleteFolder(trx, userId, folder.id))) throw new NotFoundError(ProjectMessages.notFound);
  });
}
