// One JSON request against a test server, in the (server, method, path, headers, body) form
// the flow and API-key tests use; a body that is not JSON comes back as its text.
import { api } from './http.js';
import type { TestServer } from './server.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function apiCall(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<ApiResponse> {
  const response = await api(server.url, method, path, { headers, body });
  return { status: response.status, headers: response.headers, body: response.body ?? (response.text || undefined) };
}
