// Langflow's api_key router: /api/v1/api_key/.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiKeyMessages, createApiKey, deleteApiKey, listApiKeys, saveStoreApiKey } from '../../services/api-keys/api-keys.js';
import type { AppDeps } from '../../services/deps.js';
import { principalOf } from '../guards.js';

const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  api_key: Type.String(),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
  total_uses: Type.Integer(),
  is_active: Type.Boolean(),
  user_id: Type.String(),
});

const Detail = Type.Object({ detail: Type.String() });

export function registerApiKeyRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/api_key/',
    {
      config: { auth: 'user' },
      schema: {
        response: { 200: Type.Object({ total_count: Type.Integer(), user_id: Type.String(), api_keys: Type.Array(ApiKeyView) }) },
      },
    },
    async (request) => listApiKeys(deps, principalOf(request).user.id),
  );

  app.post(
    '/api/v1/api_key/',
    {
      config: { auth: 'user' },
      // Langflow's ApiKeyCreate: everything but `name` is ignored (a client cannot choose its key).
      schema: {
        body: Type.Object({ name: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])) }),
        response: { 200: ApiKeyView },
      },
    },
    async (request) => {
      const body = request.body as { name?: string | null };
      return createApiKey(deps, principalOf(request).user.id, body.name ?? null, { ip: request.ip, via: 'api' });
    },
  );

  app.delete(
    '/api/v1/api_key/:api_key_id',
    {
      config: { auth: 'user' },
      schema: { params: Type.Object({ api_key_id: Type.String({ format: 'uuid' }) }), response: { 200: Detail } },
    },
    async (request) => {
      const { api_key_id } = request.params as { api_key_id: string };
      await deleteApiKey(deps, principalOf(request).user.id, api_key_id, { ip: request.ip, via: 'api' });
      return { detail: ApiKeyMessages.deleted };
    },
  );

  app.post(
    '/api/v1/api_key/store',
    {
      config: { auth: 'user' },
      schema: { body: Type.Object({ api_key: Type.String({ maxLength: 4096 }) }), response: { 200: Detail } },
    },
    async (request) => {
      const { api_key } = request.body as { api_key: string };
      await saveStoreApiKey(deps, principalOf(request).user.id, api_key);
      return { detail: ApiKeyMessages.storeSaved };
    },
  );
}
