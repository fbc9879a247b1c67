// Project requests: create, rename, delete, download as a zip of flows, upload, and moving a flow.
import { api, apiRequest } from '../../api/client';
import type { Flow, Project } from '../../api/types';
import { saveBlob } from '../../lib/download';
import { fileNameOf } from '../files/api';

export function createProject(name: string, description: string): Promise<Project> {
  return api.post<Project>('/projects/', { name, description: description || null });
}

export function renameProject(id: string, name: string, description: string): Promise<Project> {
  return api.patch<Project>(`/projects/${encodeURIComponent(id)}`, { name, description: description || null });
}

export function deleteProject(id: string): Promise<unknown> {
  return api.delete(`/projects/${encodeURIComponent(id)}`);
}

export function moveFlow(flowId: string, projectId: string): Promise<Flow> {
  return api.patch<Flow>(`/flows/${encodeURIComponent(flowId)}`, { folder_id: projectId });
}

/** The project's zip from the server, saved under the name the server gives it. */
export async function downloadProject(id: string): Promise<void> {
  const response = await fetch(`/api/v1/projects/download/${encodeURIComponent(id)}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(body.detail ?? `Download failed (${response.status})`);
  }
  saveBlob(await response.blob(), fileNameOf(response, 'project.zip'));
}

export function uploadProject(file: File): Promise<Flow[]> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest<Flow[]>('/projects/upload/', { method: 'POST', formData: form }).then((r) => (Array.isArray(r.data) ? r.data : []));
}
