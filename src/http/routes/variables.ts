// Langflow's variables router (SPEC §4 "Global variables"). Responses are VariableRead
// whitelists; a Credential's value is null in every one of them, errors included.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { createVariable, deleteVariable, listVariables, updateVariable } from '../../services/variables/variables.js';
import { principalOf } from '../guards.js';

const VariableIdParams = Type.Object({ variable_id: Type.String({ format: 'uuid' }) });
const VariableType = Type.Union([Type.Literal('Generic'), Type.Literal('Credential'), Type.Null()]);
const DefaultFields = Type.Union([Type.Array(Type.String()), Type.Null()]);

// Unknown fields are ignored, as pydantic does (created_at, updated_at, category…).
const VariableCreateBody = Type.Object({
  name: Type.String(),
  value: Type.String(),
  type: Type.Optional(VariableType),
  default_fields: Type.Optional(DefaultFields),
});

// Langflow's VariableUpdate requires `id`; the path's id is the one that counts, so it is optional here and never used.
const VariableUpdateBody = Type.Object({
  id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  value: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  type: Type.Optional(VariableType),
  default_fields: Type.Optional(DefaultFields),
});

const VariableReadSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()]),
  default_fields: Type.Array(Type.String()),
});

/** The id as stored (the validator also admits upper case and `urn:uuid:`). */
function canonicalId(id: string): string {
  return id.toLowerCase().replace(/^urn:uuid:/, '');
}

export function registerVariableRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v1/variables/', {
    config: { auth: 'user' },
    schema: { body: VariableCreateBody, response: { 201: VariableReadSchema } },
  }, async (request, reply) => {
    const variable = await createVariable(deps, principalOf(request).user.id, request.body as typeof VariableCreateBody.static);
    return reply.status(201).send(variable);
  });

  app.get('/api/v1/variables/', {
    config: { auth: 'user' },
    schema: { response: { 200: Type.Array(VariableReadSchema) } },
  }, async (request) => listVariables(deps, principalOf(request).user.id));

  app.patch('/api/v1/variables/:variable_id', {
    config: { auth: 'user' },
    schema: { params: VariableIdParams, body: VariableUpdateBody, response: { 200: VariableReadSchema } },
  }, async (request) => {
    const { variable_id } = request.params as typeof VariableIdParams.static;
    const { name, value, type, default_fields } = request.body as typeof VariableUpdateBody.static;
    return updateVariable(deps, principalOf(request).user.id, canonicalId(variable_id), { name, value, type, default_fields });
  });

  app.delete('/api/v1/variables/:variable_id', {
    config: { auth: 'user' },
    schema: { params: VariableIdParams },
  }, async (request, reply) => {
    const { variable_id } = request.params as typeof VariableIdParams.static;
    await deleteVariable(deps, principalOf(request).user.id, canonicalId(variable_id));
    return reply.status(204).send();
  });
}
