import { api, query } from '../../api/client';
import type { AuditPage, User, UsersPage } from '../../api/types';

export function listUsers(params: { skip: number; limit: number; search?: string }, signal?: AbortSignal): Promise<UsersPage> {
  return api.get<UsersPage>(`/users/${query({ skip: params.skip, limit: params.limit, search: params.search })}`, { signal }).then((body) => ({
    total_count: body?.total_count ?? 0,
    users: body?.users ?? [],
  }));
}

export interface UserPatch {
  username?: string;
  password?: string;
  is_active?: boolean;
  is_superuser?: boolean;
}

export function createUser(body: { username: string; password: string; is_active: boolean; is_superuser: boolean }): Promise<User> {
  return api.post<User>('/users/', body);
}

export function updateUser(id: string, patch: UserPatch): Promise<User> {
  return api.patch<User>(`/users/${encodeURIComponent(id)}`, patch);
}

export function deleteUser(id: string): Promise<unknown> {
  return api.delete(`/users/${encodeURIComponent(id)}`);
}

export function listAudit(params: { skip: number; limit: number; user_id?: string; event?: string }, signal?: AbortSignal): Promise<AuditPage> {
  return api.get<AuditPage>(`/audit${query(params)}`, { signal }).then((body) => ({ total_count: body?.total_count ?? 0, events: body?.events ?? [] }));
}
