// Langflow 1.8's model-provider routes that its editor and its Model Providers settings read:
// the providers with their models and whether the user has enabled each, and which models are
// enabled. Choosing models or a default model per user is not offered (the write routes are
// absent); every model of an enabled provider is enabled.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { enabledModels, listProviderModels, providerStatus } from '../../services/components/model-providers.js';
import { principalOf } from '../guards.js';

const ProviderName = Type.String({ maxLength: 200 });
// Langflow's filters: `provider` narrows the list; the others are accepted, every listed model passes them.
const ModelsQuery = Type.Object(
  {
    provider: Type.Optional(Type.Union([ProviderName, Type.Array(ProviderName, { maxItems: 50 })])),
    model_name: Type.Optional(Type.String({ maxLength: 200 })),
    model_type: Type.Optional(Type.String({ maxLength: 50 })),
    include_unsupported: Type.Optional(Type.Boolean()),
    include_deprecated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
const ProviderModels = Type.Object({
  provider: Type.String(),
  icon: Type.String(),
  models: Type.Array(Type.Object({ model_name: Type.String(), metadata: Type.Record(Type.String(), Type.Unknown()) })),
  num_models: Type.Integer(),
  is_enabled: Type.Boolean(),
});

export function registerModelRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/models',
    { config: { auth: 'user' }, schema: { querystring: ModelsQuery, response: { 200: Type.Array(ProviderModels) } } },
    async (request) => {
      const { provider, model_name: modelName } = request.query as typeof ModelsQuery.static;
      const only = provider === undefined ? undefined : [provider].flat();
      const providers = await listProviderModels(deps, principalOf(request).user.id, only);
      if (modelName === undefined) return providers;
      return providers
        .map((entry) => ({ ...entry, models: entry.models.filter((model) => model.model_name === modelName) }))
        .filter((entry) => entry.models.length > 0)
        .map((entry) => ({ ...entry, num_models: entry.models.length }));
    },
  );

  app.get(
    '/api/v1/models/enabled_providers',
    {
      config: { auth: 'user' },
      schema: { response: { 200: Type.Object({ enabled_providers: Type.Array(Type.String()), provider_status: Type.Record(Type.String(), Type.Boolean()) }) } },
    },
    async (request) => {
      const status = await providerStatus(deps, principalOf(request).user.id);
      return { enabled_providers: Object.keys(status).filter((provider) => status[provider]), provider_status: status };
    },
  );

  app.get(
    '/api/v1/models/enabled_models',
    { config: { auth: 'user' }, schema: { response: { 200: Type.Object({ enabled_models: Type.Record(Type.String(), Type.Record(Type.String(), Type.Boolean())) }) } } },
    async (request) => ({ enabled_models: await enabledModels(deps, principalOf(request).user.id) }),
  );
}
