// Langflow's monitor routes for chat messages, scoped to the caller (Langflow lets any user
// delete or edit anyone's messages by id; here another user's message is simply not found).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { deleteMessages, deleteSession, listMessages, listMessageSessions, updateMessage, type MessageUpdate } from '../../services/messages/messages.js';
import { principalOf } from '../guards.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const MessageResponseSchema = Type.Object({
  id: Type.String(),
  flow_id: Type.Union([Type.String(), Type.Null()]),
  timestamp: Type.String(),
  sender: Type.String(),
  sender_name: Type.String(),
  session_id: Type.String(),
  context_id: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  files: Type.Array(Type.Unknown()),
  edit: Type.Boolean(),
  error: Type.Boolean(),
  duration: Type.Null(),
  properties: Type.Record(Type.String(), Type.Unknown()),
  category: Type.String(),
  content_blocks: Type.Array(Type.Unknown()),
});

const MessagesQuery = Type.Object({
  flow_id: Type.Optional(Type.String({ format: 'uuid' })),
  session_id: Type.Optional(Type.String()),
  sender: Type.Optional(Type.String()),
  sender_name: Type.Optional(Type.String()),
  order_by: Type.Optional(Type.String()),
});

const SessionsQuery = Type.Object({ flow_id: Type.Optional(Type.String({ format: 'uuid' })) });
const MessageIdParams = Type.Object({ message_id: Type.String({ format: 'uuid' }) });
const SessionParams = Type.Object({ session_id: Type.String() });

const MessageUpdateBody = Type.Object({
  text: Nullable(Type.String()),
  sender: Nullable(Type.String()),
  sender_name: Nullable(Type.String()),
  session_id: Nullable(Type.String()),
  files: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
  edit: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  error: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  properties: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
});

export function registerMonitorRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/monitor/messages/sessions', {
    config: { auth: 'user' },
    schema: { querystring: SessionsQuery, response: { 200: Type.Array(Type.String()) } },
  }, async (request) => {
    const { flow_id } = request.query as typeof SessionsQuery.static;
    return listMessageSessions(deps, principalOf(request).user.id, flow_id);
  });

  app.get('/api/v1/monitor/messages', {
    config: { auth: 'user' },
    schema: { querystring: MessagesQuery, response: { 200: Type.Array(MessageResponseSchema) } },
  }, async (request) => {
    const query = request.query as typeof MessagesQuery.static;
    return listMessages(deps, principalOf(request).user.id, {
      flowId: query.flow_id,
      sessionId: query.session_id,
      sender: query.sender,
      senderName: query.sender_name,
    });
  });

  app.delete('/api/v1/monitor/messages', {
    config: { auth: 'user' },
    schema: { body: Type.Array(Type.String({ format: 'uuid' })) },
  }, async (request, reply) => {
    await deleteMessages(deps, principalOf(request).user.id, request.body as string[]);
    return reply.status(204).send();
  });

  app.put('/api/v1/monitor/messages/:message_id', {
    config: { auth: 'user' },
    schema: { params: MessageIdParams, body: MessageUpdateBody, response: { 200: MessageResponseSchema } },
  }, async (request) => {
    const { message_id } = request.params as typeof MessageIdParams.static;
    return updateMessage(deps, principalOf(request).user.id, message_id, request.body as MessageUpdate);
  });

  app.delete('/api/v1/monitor/messages/session/:session_id', {
    config: { auth: 'user' },
    schema: { params: SessionParams },
  }, async (request, reply) => {
    const { session_id } = request.params as typeof SessionParams.static;
    await deleteSession(deps, principalOf(request).user.id, session_id);
    return reply.status(204).send();
  });
}
