// The legacy SSE transport: `GET …/sse` opens a stream whose first event names the URL to POST
// messages to (`…?sessionId=`). Sessions live in this instance's memory (one registry per
// app, no module state). The stream's opener is remembered with the credentials it presented;
// every POSTed message first re-authenticates them (and any the POST carries), so a revoked
// key, a deactivated user or an ended login session ends the session at its next message,
// whichever instance revoked it: the check reads the database.
import type { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { AppError, ForbiddenError, NotFoundError } from '../../services/errors.js';
import { authenticateMcp, type McpCredentials } from '../../services/mcp/auth.js';
import type { McpScope } from '../../services/mcp/tools.js';
import { principalOf } from '../guards.js';
import { baseUrlOf, hijackForMcp } from './hijack.js';
import { mcpCredentials } from './mcp-credentials.js';
import { createMcpServer } from './mcp-server.js';

/** Loaded on the first SSE session, not at start. */
const loadSseTransport = async () => (await import('@modelcontextprotocol/sdk/server/sse.js')).SSEServerTransport;

interface SseSession {
  transport: SSEServerTransport;
  server: Server;
  userId: string;
  scope: McpScope;
  credentials: McpCredentials;
}

export class SseSessions {
  private readonly sessions = new Map<string, SseSession>();
  /** Requests answered 202 whose answer is not on the stream yet: shutdown waits for them. */
  private readonly pending = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly deps: AppDeps) {}

  /** GET …/sse: the guard has authenticated the caller. */
  async open(request: FastifyRequest, reply: FastifyReply, scope: McpScope, messagesPath: string): Promise<void> {
    if (this.closing) throw new AppError(503, 'The server is shutting down');
    const { user } = principalOf(request);
    const [SseTransport, server] = await Promise.all([loadSseTransport(), createMcpServer(this.deps, user, scope, request.id, baseUrlOf(request))]);
    // Shutdown may have begun while the SDK loaded: no session may start after it.
    if (this.closing) throw new AppError(503, 'The server is shutting down');
    const transport = new SseTransport(messagesPath, reply.raw);
    const session: SseSession = { transport, server, userId: user.id, scope, credentials: mcpCredentials(request) };
    this.sessions.set(transport.sessionId, session);
    transport.onclose = () => {
      this.sessions.delete(transport.sessionId);
    };
    hijackForMcp(request, reply);
    reply.raw.setHeader('X-Accel-Buffering', 'no');
    await server.connect(transport); // writes the `endpoint` event
    this.trackAnswers(transport);
  }

  /**
   * A request POSTed over SSE is answered 202 at once and later on the stream: each one is
   * pending from its arrival until its answer has been written, so shutdown can wait for it.
   */
  private trackAnswers(transport: SSEServerTransport): void {
    const waiting = new Map<string | number, () => void>();
    const receive = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if ('method' in message && 'id' in message && !waiting.has(message.id)) {
        const done = new Promise<void>((resolve) => waiting.set(message.id, resolve));
        this.pending.add(done);
        void done.then(() => this.pending.delete(done));
      }
      receive?.(message, extra);
    };
    const send = transport.send.bind(transport);
    transport.send = async (message) => {
      try {
        await send(message);
      } finally {
        if (!('method' in message) && 'id' in message && message.id !== undefined) {
          waiting.get(message.id)?.();
          waiting.delete(message.id);
        }
      }
    };
    const closed = transport.onclose;
    transport.onclose = () => {
      // A stream that is gone can answer nothing more: nothing left to wait for.
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
      closed?.();
    };
  }

  /** POST of one message to a session. */
  async post(request: FastifyRequest, reply: FastifyReply, scope: McpScope): Promise<void> {
    if (this.closing) throw new AppError(503, 'The server is shutting down');
    const sessionId = (request.query as Record<string, unknown>).sessionId ?? (request.query as Record<string, unknown>).session_id;
    const session = typeof sessionId === 'string' ? this.sessions.get(sessionId) : undefined;
    if (!session || !sameScope(session.scope, scope)) throw new NotFoundError('Could not find session');
    try {
      await this.recheck(session, request);
    } catch (error) {
      await this.end(session);
      throw error;
    }
    hijackForMcp(request, reply);
    await session.transport.handlePostMessage(request.raw, reply.raw, request.body);
  }

  private async recheck(session: SseSession, request: FastifyRequest): Promise<void> {
    const projectId = session.scope.kind === 'project' ? session.scope.projectId : undefined;
    const opener = await authenticateMcp(this.deps, session.credentials, projectId);
    if (opener.user.id !== session.userId) throw new ForbiddenError('The session belongs to another user');
    const presented = mcpCredentials(request);
    if (presented.bearer || presented.apiKeyHeader || presented.apiKeyQuery) {
      const poster = await authenticateMcp(this.deps, presented, projectId);
      if (poster.user.id !== session.userId) throw new ForbiddenError('The session belongs to another user');
    }
  }

  private async end(session: SseSession): Promise<void> {
    this.sessions.delete(session.transport.sessionId);
    await session.server.close().catch(() => undefined);
  }

  /** Shutdown: refuse new sessions and messages, let running tool calls answer, end the streams. */
  async closeAll(): Promise<void> {
    this.closing = true;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await Promise.all([...this.sessions.values()].map((session) => this.end(session)));
  }
}

function sameScope(a: McpScope, b: McpScope): boolean {
  return a.kind === b.kind && (a.kind === 'global' || (b.kind === 'project' && a.projectId === b.projectId));
}
