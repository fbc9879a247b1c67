// Langflow's component store, which Flowgate does not offer: the routes Langflow's own UI calls
// on every page answer as Langflow does with the store disabled, never 404.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { principalOf } from '../guards.js';

const StoreCheck = Type.Object({ enabled: Type.Boolean() });
const StoreKeyCheck = Type.Object({ has_api_key: Type.Boolean(), is_valid: Type.Boolean() });
const Tag = Type.Object({ id: Type.String(), name: Type.String() });

export function registerStoreRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/api/v1/store/check/', { config: { auth: 'public' }, schema: { response: { 200: StoreCheck } } }, async () => ({
    enabled: false,
  }));

  // A saved Store key is never sent anywhere to be checked: with no store it cannot be valid.
  app.get('/api/v1/store/check/api_key', { config: { auth: 'user' }, schema: { response: { 200: StoreKeyCheck } } }, async (request) => ({
    has_api_key: principalOf(request).user.storeApiKeyCiphertext !== null,
    is_valid: false,
  }));

  app.get('/api/v1/store/tags', { config: { auth: 'public' }, schema: { response: { 200: Type.Array(Tag) } } }, async () => []);
}
