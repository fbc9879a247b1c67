// GET /flows/ as Langflow answers it: the whole list (get_all, the default), headers only
// (header_flows), or one page of a project's flows ({items, total, page, size, pages}).
import { countFlows, type ListFlowsFilter, listFlows } from '../../storage/repositories/flows.js';
import type { AppDeps } from '../deps.js';
import { defaultProjectId } from './flow-folders.js';
import { toFlowHeader, toFlowRead } from './flow-output.js';

export interface FlowListQuery {
  remove_example_flows?: boolean;
  components_only?: boolean;
  get_all?: boolean;
  folder_id?: string;
  header_flows?: boolean;
  page?: number;
  size?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export const DEFAULT_PAGE_SIZE = 50;

export function pageOf<T>(items: T[], total: number, page: number, size: number): Page<T> {
  return { items, total, page, size, pages: total === 0 ? 0 : Math.ceil(total / size) };
}

export async function listFlowsFor(deps: AppDeps, userId: string, query: FlowListQuery): Promise<unknown[] | Page<unknown>> {
  const db = deps.storage.db;
  const filter: ListFlowsFilter = {};
  if (query.components_only) filter.isComponent = true;
  // Flowgate has no shared example folder, so remove_example_flows has nothing to remove.
  const paginated = query.get_all === false || (query.get_all === undefined && (query.page !== undefined || query.size !== undefined));
  if (!paginated) {
    if (query.folder_id) filter.folderId = query.folder_id.toLowerCase();
    const flows = await listFlows(db, userId, filter);
    return flows.map(query.header_flows ? toFlowHeader : toFlowRead);
  }
  // Paginated: one project, the default one unless named (another user's project holds none of
  // the caller's flows, so it reads as empty).
  filter.folderId = query.folder_id ? query.folder_id.toLowerCase() : await defaultProjectId(deps, userId);
  const page = query.page ?? 1;
  const size = query.size ?? DEFAULT_PAGE_SIZE;
  const [flows, total] = await Promise.all([
    listFlows(db, userId, filter, { offset: (page - 1) * size, limit: size }),
    countFlows(db, userId, filter),
  ]);
  return pageOf(flows.map(toFlowRead), total, page, size);
}
