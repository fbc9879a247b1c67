// Langflow's file routers: /api/v2/files (the user's files) and /api/v1/files/upload/{flow_id}
// (what @datastax/langflow-client's flow.uploadFile() calls). Multipart field `file`.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { ValidationError } from '../../services/errors.js';
import { deleteAllUserFiles, deleteUserFiles, MAX_BATCH_FILES, renameUserFile, zipUserFiles } from '../../services/files/file-batches.js';
import { deleteUserFile, listUserFiles, openUserFile, saveUserFile, splitName, type IncomingFile } from '../../services/files/files.js';
import type { FileRow } from '../../storage/repositories/files.js';
import { principalOf } from '../guards.js';

const FileIdParams = Type.Object({ file_id: Type.String({ format: 'uuid' }) });
const FlowIdParams = Type.Object({ flow_id: Type.String({ format: 'uuid' }) });

const UploadFileResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  path: Type.String(),
  size: Type.Integer(),
  provider: Type.Null(),
});
const UserFile = Type.Object({
  id: Type.String(),
  user_id: Type.String(),
  name: Type.String(),
  path: Type.String(),
  size: Type.Integer(),
  provider: Type.Null(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const FlowUploadResponse = Type.Object({ flowId: Type.String(), file_path: Type.String() });
const Detail = Type.Object({ detail: Type.String() });
const Message = Type.Object({ message: Type.String() });
const FileIds = Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: MAX_BATCH_FILES });
const RenameQuery = Type.Object({ name: Type.String({ minLength: 1, maxLength: 1000 }) });

/** Langflow shows the name without its extension; the extension comes back on download. */
const toUploadResponse = (f: FileRow) => ({ id: f.id, name: splitName(f.name).root, path: f.path, size: Number(f.size), provider: null });
const toUserFile = (f: FileRow) => ({ ...toUploadResponse(f), user_id: f.user_id, created_at: f.created_at, updated_at: f.created_at });

/** The multipart `file` part, or FastAPI's 422 for a missing field. */
async function filePart(request: FastifyRequest): Promise<IncomingFile> {
  const part = await request.file();
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new ValidationError([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
  }
  return { filename: part.filename, stream: part.file };
}

/** `attachment` with an ASCII fallback that cannot break the header, and the exact name in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^A-Za-z0-9._ ()-]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function registerFileRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v2/files', {
    config: { auth: 'user' },
    schema: { response: { 200: Type.Array(UserFile) } },
  }, async (request) => (await listUserFiles(deps, principalOf(request).user.id)).map(toUserFile));

  app.get('/api/v2/files/:file_id', {
    config: { auth: 'user' },
    schema: { params: FileIdParams },
  }, async (request, reply) => {
    const { file_id: fileId } = request.params as typeof FileIdParams.static;
    const { file, stream } = await openUserFile(deps, principalOf(request).user.id, fileId);
    return reply
      .type('application/octet-stream')
      .header('Content-Disposition', contentDisposition(file.name))
      .header('Content-Length', String(file.size))
      .send(stream);
  });

  app.delete('/api/v2/files/:file_id', {
    config: { auth: 'user' },
    schema: { params: FileIdParams, response: { 200: Detail } },
  }, async (request) => {
    const { file_id: fileId } = request.params as typeof FileIdParams.static;
    const file = await deleteUserFile(deps, principalOf(request).user.id, fileId);
    return { detail: `File ${splitName(file.name).root} deleted successfully` };
  });

  app.put('/api/v2/files/:file_id', {
    config: { auth: 'user' },
    schema: { params: FileIdParams, querystring: RenameQuery, response: { 200: UploadFileResponse } },
  }, async (request) => {
    const { file_id: fileId } = request.params as typeof FileIdParams.static;
    const { name } = request.query as typeof RenameQuery.static;
    return toUploadResponse(await renameUserFile(deps, principalOf(request).user.id, fileId, name));
  });

  app.delete('/api/v2/files', {
    config: { auth: 'user' },
    schema: { response: { 200: Message } },
  }, async (request) => deleteAllUserFiles(deps, principalOf(request).user.id));

  app.delete('/api/v2/files/batch/', {
    config: { auth: 'user' },
    schema: { body: FileIds, response: { 200: Message } },
  }, async (request) => deleteUserFiles(deps, principalOf(request).user.id, request.body as string[]));

  app.post('/api/v2/files/batch/', {
    config: { auth: 'user' },
    schema: { body: FileIds },
  }, async (request, reply) => {
    const zip = await zipUserFiles(deps, principalOf(request).user.id, request.body as string[]);
    return reply
      .type('application/x-zip-compressed')
      .header('Content-Disposition', contentDisposition(zip.filename))
      .send(Buffer.from(zip.bytes));
  });
}

/** The upload routes, registered where multipart parsing is (app.ts). */
export function registerFileUploadRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v2/files', {
    config: { auth: 'user' },
    schema: { response: { 201: UploadFileResponse } },
  }, async (request, reply) => {
    const file = await saveUserFile(deps, principalOf(request).user.id, await filePart(request));
    return reply.status(201).send(toUploadResponse(file));
  });

  app.post('/api/v1/files/upload/:flow_id', {
    config: { auth: 'user' },
    schema: { params: FlowIdParams, response: { 201: FlowUploadResponse } },
  }, async (request, reply) => {
    const { flow_id: flowId } = request.params as typeof FlowIdParams.static;
    const file = await saveUserFile(deps, principalOf(request).user.id, await filePart(request), { flowId: flowId.toLowerCase() });
    return reply.status(201).send({ flowId: file.flow_id ?? flowId, file_path: file.path });
  });
}
