// Flow and project requests shared by the flows list and the flow page.
import { api, apiRequest, query } from '../../api/client';
import type { Flow, FlowData, Project, StarterProject } from '../../api/types';

export function listFlows(signal?: AbortSignal): Promise<Flow[]> {
  return api.get<Flow[] | { items?: Flow[] }>('/flows/?get_all=true', { signal }).then((body) => (Array.isArray(body) ? body : (body?.items ?? [])));
}

export function listProjects(signal?: AbortSignal): Promise<Project[]> {
  return api.get<Project[] | { items?: Project[] }>('/projects/', { signal }).then((body) => (Array.isArray(body) ? body : (body?.items ?? [])));
}

export function listStarters(signal?: AbortSignal): Promise<StarterProject[]> {
  return api.get<StarterProject[]>('/starter-projects/', { signal }).then((body) => (Array.isArray(body) ? body : []));
}

export function getFlow(id: string, signal?: AbortSignal): Promise<{ flow: Flow; etag: string | null }> {
  return apiRequest<Flow>(`/flows/${encodeURIComponent(id)}`, { method: 'GET', signal }).then((r) => ({ flow: r.data, etag: r.headers.get('ETag') }));
}

export interface NewFlow {
  name: string;
  description?: string | null;
  data: FlowData;
  folder_id?: string | null;
}

export function createFlow(flow: NewFlow): Promise<Flow> {
  const body: Record<string, unknown> = { name: flow.name, data: flow.data };
  if (flow.description) body.description = flow.description;
  if (flow.folder_id) body.folder_id = flow.folder_id;
  return api.post<Flow>('/flows/', body);
}

export function updateFlow(id: string, patch: Partial<Pick<Flow, 'name' | 'description'>>): Promise<Flow> {
  return api.patch<Flow>(`/flows/${encodeURIComponent(id)}`, patch);
}

export function deleteFlow(id: string): Promise<unknown> {
  return api.delete(`/flows/${encodeURIComponent(id)}`);
}

export function uploadFlows(file: File, folderId: string | null): Promise<Flow[]> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest<Flow[] | Flow>(`/flows/upload/${query({ folder_id: folderId })}`, { method: 'POST', formData: form }).then((r) =>
    Array.isArray(r.data) ? r.data : r.data ? [r.data] : [],
  );
}
