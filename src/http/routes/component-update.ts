// POST /api/v1/custom_component/update, as Langflow's editor calls it (services/components/component-update.ts
// says what Flowgate does instead of running the node's code).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { updateComponentNode, type ComponentUpdateRequest } from '../../services/components/component-update.js';
import { principalOf } from '../guards.js';

const UpdateBody = Type.Object({
  code: Type.Optional(Type.Union([Type.String({ maxLength: 500_000 }), Type.Null()])),
  template: Type.Record(Type.String(), Type.Unknown()),
  field: Type.String({ minLength: 1, maxLength: 200 }),
  field_value: Type.Optional(Type.Unknown()),
  tool_mode: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
});

export function registerComponentUpdateRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v1/custom_component/update', { config: { auth: 'user' }, schema: { body: UpdateBody } }, async (request) =>
    updateComponentNode(deps, principalOf(request).user.id, request.body as ComponentUpdateRequest),
  );
}
