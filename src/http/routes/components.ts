// The component catalogue (GET /all) and prompt validation (POST /validate/prompt): what an
// editor, Flowgate's or Langflow's own, needs to draw and edit nodes.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { componentCatalogue } from '../../services/components/component-catalogue.js';
import { validatePrompt, type PromptValidationRequest } from '../../services/components/prompt-validation.js';

const FrontendNodeBody = Type.Object(
  { template: Type.Record(Type.String(), Type.Any()), custom_fields: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Any()), Type.Null()])) },
  { additionalProperties: true },
);

const ValidatePromptBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  template: Type.String({ maxLength: 200_000 }),
  custom_fields: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Any()), Type.Null()])),
  frontend_node: Type.Optional(Type.Union([FrontendNodeBody, Type.Null()])),
  mustache: Type.Optional(Type.Boolean()),
});

export function registerComponentRoutes(app: FastifyInstance, _deps: AppDeps): void {
  // `force_refresh` is Langflow's cache switch; the catalogue is built from code, so it is accepted and has no effect.
  app.get(
    '/api/v1/all',
    { config: { auth: 'user' }, schema: { querystring: Type.Object({ force_refresh: Type.Optional(Type.Boolean()) }) } },
    async () => componentCatalogue(),
  );

  app.post(
    '/api/v1/validate/prompt',
    {
      config: { auth: 'user' },
      schema: {
        body: ValidatePromptBody,
        response: { 200: Type.Object({ input_variables: Type.Array(Type.String()), frontend_node: Type.Union([Type.Record(Type.String(), Type.Any()), Type.Null()]) }) },
      },
    },
    async (request) => validatePrompt(request.body as PromptValidationRequest),
  );
}
