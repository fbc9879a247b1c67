// The caller's uploaded files as MCP resources (Langflow lists flow and user files): the global
// server offers all of the caller's files, a project's server the files of its enabled flows.
// A resource's URI is the file's download URL, so it is fetchable with the same key too.
import fs from 'node:fs';
import { isUuid } from '../../storage/repositories/flows.js';
import { listMcpFlows } from '../../storage/repositories/flows.js';
import type { FileRow } from '../../storage/repositories/files.js';
import type { UserRecord } from '../../storage/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { fileAbsolutePath, listUserFiles } from '../files/files.js';
import type { McpScope } from './tools.js';

/** Larger files are listed but not sent inside an MCP message (download them instead). */
export const MAX_RESOURCE_BYTES = 10 * 1024 * 1024;

export interface McpResource {
  uri: string;
  name: string;
  description: string;
  mimeType: string;
}

const MIME: Record<string, string> = {
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json', pdf: 'application/pdf',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', html: 'text/html',
};

function mimeOf(name: string): string {
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  return MIME[extension] ?? 'application/octet-stream';
}

async function scopedFiles(deps: AppDeps, user: UserRecord, scope: McpScope): Promise<FileRow[]> {
  const files = await listUserFiles(deps, user.id);
  if (scope.kind === 'global') return files;
  const flows = new Set((await listMcpFlows(deps.storage.db, user.id, { folderId: scope.projectId, mcpEnabledOnly: true })).map((f) => f.id));
  return files.filter((file) => file.flow_id !== null && flows.has(file.flow_id));
}

export async function listMcpResources(deps: AppDeps, user: UserRecord, scope: McpScope, baseUrl: string): Promise<McpResource[]> {
  return (await scopedFiles(deps, user, scope)).map((file) => ({
    uri: `${baseUrl}/api/v2/files/${file.id}`,
    name: file.name,
    description: file.flow_id ? `File of flow ${file.flow_id}` : 'Uploaded file',
    mimeType: mimeOf(file.name),
  }));
}

export class UnknownResourceError extends Error {}

/** The resource's bytes (base64), only when the URI names one of the files the scope offers. */
export async function readMcpResource(deps: AppDeps, user: UserRecord, scope: McpScope, uri: string): Promise<{ mimeType: string; blob: string }> {
  const id = uri.split(/[/?#]/).filter(Boolean).find((part) => isUuid(part) && part !== user.id);
  const file = id ? (await scopedFiles(deps, user, scope)).find((f) => f.id === id.toLowerCase()) : undefined;
  if (!file) throw new UnknownResourceError(`Resource not found: ${uri.slice(0, 200)}`);
  if (file.size > MAX_RESOURCE_BYTES) throw new UnknownResourceError(`The file is larger than ${MAX_RESOURCE_BYTES} bytes: download it from its URI`);
  const bytes = await fs.promises.readFile(fileAbsolutePath(deps, file.path)).catch(() => {
    throw new UnknownResourceError(`Resource not found: ${uri.slice(0, 200)}`);
  });
  return { mimeType: mimeOf(file.name), blob: bytes.toString('base64') };
}
