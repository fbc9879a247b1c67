// Langflow's users router (SPEC §4). Responses are UserRead whitelists: never the hash, never
// the stored Store key.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { patchUser, resetOwnPassword } from '../../services/users/user-update.js';
import { createUser, deleteUser, listUsersPage, UserMessages } from '../../services/users/users.js';
import { principalOf } from '../guards.js';
import { assertSameOrigin } from '../same-origin.js';
import { toUserRead, UserReadSchema } from '../presenters/user-read.js';

const UserIdParams = Type.Object({ user_id: Type.String({ format: 'uuid' }) });
const Optins = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableBoolean = Type.Union([Type.Boolean(), Type.Null()]);

// Unknown fields are ignored, as pydantic does; the service decides who may set what.
const UserCreateBody = Type.Object({
  username: Type.String(),
  password: Type.String(),
  optins: Type.Optional(Optins),
  profile_image: Type.Optional(NullableString),
  is_active: Type.Optional(Type.Boolean()),
  is_superuser: Type.Optional(Type.Boolean()),
});

const UserUpdateBody = Type.Object({
  username: Type.Optional(NullableString),
  profile_image: Type.Optional(NullableString),
  password: Type.Optional(NullableString),
  is_active: Type.Optional(NullableBoolean),
  is_superuser: Type.Optional(NullableBoolean),
  optins: Type.Optional(Optins),
});

const PasswordResetBody = Type.Object({ current_password: Type.String(), password: Type.String() });

const UsersQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 10000, default: 10 }),
  search: Type.Optional(Type.String({ maxLength: 100 })),
});

const UsersResponse = Type.Object({ total_count: Type.Integer(), users: Type.Array(UserReadSchema) });

/** The stored form of an id the validator accepted (it also admits `urn:uuid:` and upper case). */
function canonicalId(id: string): string {
  return id.toLowerCase().replace(/^urn:uuid:/, '');
}

function caller(request: FastifyRequest) {
  return { principal: principalOf(request), ip: request.ip };
}

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Anonymous only for sign-up; the service refuses it when sign-up is closed.
  app.post('/api/v1/users/', {
    config: { auth: 'optional' },
    schema: { body: UserCreateBody, response: { 201: UserReadSchema } },
  }, async (request, reply) => {
    // Anonymous sign-up is a session-less write a cross-site form could make: same-origin only.
    if (!request.principal) assertSameOrigin(request);
    const user = await createUser(deps, { principal: request.principal, ip: request.ip }, request.body as typeof UserCreateBody.static);
    return reply.status(201).send(toUserRead(user));
  });

  app.get('/api/v1/users/whoami', {
    config: { auth: 'user' },
    schema: { response: { 200: UserReadSchema } },
  }, (request) => toUserRead(principalOf(request).user));

  app.get('/api/v1/users/', {
    config: { auth: 'superuser' },
    schema: { querystring: UsersQuery, response: { 200: UsersResponse } },
  }, async (request) => {
    const page = await listUsersPage(deps, request.query as typeof UsersQuery.static);
    return { total_count: page.total_count, users: page.users.map(toUserRead) };
  });

  app.patch('/api/v1/users/:user_id', {
    config: { auth: 'user' },
    schema: { params: UserIdParams, body: UserUpdateBody, response: { 200: UserReadSchema } },
  }, async (request) => {
    const { user_id } = request.params as typeof UserIdParams.static;
    return toUserRead(await patchUser(deps, caller(request), canonicalId(user_id), request.body as typeof UserUpdateBody.static));
  });

  app.patch('/api/v1/users/:user_id/reset-password', {
    config: { auth: 'user' },
    schema: { params: UserIdParams, body: PasswordResetBody, response: { 200: UserReadSchema } },
  }, async (request) => {
    const { user_id } = request.params as typeof UserIdParams.static;
    return toUserRead(await resetOwnPassword(deps, caller(request), canonicalId(user_id), request.body as typeof PasswordResetBody.static));
  });

  app.delete('/api/v1/users/:user_id', {
    config: { auth: 'superuser' },
    schema: { params: UserIdParams, response: { 200: Type.Object({ detail: Type.String() }) } },
  }, async (request) => {
    const { user_id } = request.params as typeof UserIdParams.static;
    await deleteUser(deps, caller(request), canonicalId(user_id));
    return { detail: UserMessages.userDeleted };
  });
}
