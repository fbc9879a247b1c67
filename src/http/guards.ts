// Deny by default: every route declares `config.auth`. A route that declares nothing is
// refused when it is registered, so it can never be served unguarded.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import { authenticate, type Principal } from '../services/auth/authenticate.js';
import type { AppDeps } from '../services/deps.js';
import { isPromise } from '../services/maybe-async.js';
import { ForbiddenError, Messages } from '../services/errors.js';
import { presentedCredentials } from './credentials.js';
import { assertSameOrigin } from './same-origin.js';
import { authenticateMcp } from '../services/mcp/auth.js';
import { mcpCredentials } from './mcp/mcp-credentials.js';

/**
 * public: anyone. user: any active user (token, cookie or API key). superuser: as user, and
 * a superuser. webhook: an API key when LANGFLOW_WEBHOOK_AUTH_ENABLE, else public.
 * optional: as user when credentials are presented, anonymous otherwise.
 * mcp: Langflow's MCP rules (services/mcp/auth.ts): a Bearer token or an API key, no cookie;
 * no credentials only from a loopback client (auto-login, or a project with auth_type none).
 */
export type Guard = 'public' | 'user' | 'superuser' | 'webhook' | 'optional' | 'mcp';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: Guard;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Where Swagger UI is served (api-docs.ts). */
export const DOCS_PREFIX = '/docs';

const GUARDS = new Set<Guard>(['public', 'user', 'superuser', 'webhook', 'optional', 'mcp']);

export interface GuardedRoute {
  method: string;
  url: string;
  guard: Guard;
}

// The route table with each route's guard, for the test that lists every public route.
const routeTables = new WeakMap<FastifyInstance, GuardedRoute[]>();

export function guardedRoutes(app: FastifyInstance): readonly GuardedRoute[] {
  return routeTables.get(app) ?? [];
}

export function installGuards(app: FastifyInstance, deps: AppDeps): void {
  const table: GuardedRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route: RouteOptions) => {
    // Swagger UI's page and assets (api-docs.ts) are registered by its plugin, which cannot give
    // them a config: they, and only they, are public documentation.
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) route.config = { ...(route.config ?? {}), auth: 'public' };
    const guard = (route.config as { auth?: Guard } | undefined)?.auth;
    if (!guard || !GUARDS.has(guard)) {
      throw new Error(`Route ${route.method} ${route.url} declares no guard (config.auth)`);
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, guard });
    // The route's own onRequest hook, first of its hooks: each route knows its guard, so no
    // request looks it up, and public routes run none.
    if (guard === 'public') return;
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [guardHook(deps, guard), ...own];
  });
}

// onRequest: before the body is parsed and validated, so an anonymous caller learns nothing of a
// route's schema (a 422) and costs no parsing. A callback hook that calls done() at once when
// authentication answers from memory: no promise per request (issue 12).
function guardHook(deps: AppDeps, guard: Exclude<Guard, 'public'>): onRequestHookHandler {
  return (request, _reply, done) => {
    let checked: void | Promise<void>;
    try {
      checked = admit(deps, guard, request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (checked) checked.then(() => done(), done);
    else done();
  };
}

function admit(deps: AppDeps, guard: Exclude<Guard, 'public'>, request: FastifyRequest): void | Promise<void> {
  if (guard === 'webhook' && !deps.config.webhookAuthEnable) return;
  if (guard === 'mcp') {
    const projectId = (request.params as Record<string, string | undefined> | undefined)?.project_id;
    return authenticateMcp(deps, mcpCredentials(request), projectId).then((principal) => {
      request.principal = principal;
    });
  }
  let credentials = presentedCredentials(request);
  if (guard === 'optional' && !hasAny(credentials)) return;
  if (guard === 'webhook') {
    // As Langflow: a webhook takes the flow owner's API key, nothing else.
    credentials = { apiKeyHeader: credentials.apiKeyHeader, apiKeyQuery: credentials.apiKeyQuery, fromLoopback: false };
    if (!credentials.apiKeyHeader && !credentials.apiKeyQuery) throw new ForbiddenError(Messages.webhookNeedsApiKey);
  }
  const principal = authenticate(deps, credentials);
  if (isPromise(principal)) return principal.then((p) => accept(guard, request, p));
  accept(guard, request, principal);
}

function accept(guard: Guard, request: FastifyRequest, principal: Principal): void {
  if (principal.via === 'cookie') assertSameOrigin(request);
  if (guard === 'superuser' && !principal.user.isSuperuser) throw new ForbiddenError(Messages.notEnoughPrivileges);
  request.principal = principal;
}

function hasAny(c: ReturnType<typeof presentedCredentials>): boolean {
  return Boolean(c.bearer || c.cookie || c.apiKeyHeader || c.apiKeyQuery);
}

/** The authenticated principal of a guarded route (the guard has run, so it is there). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('principalOf() on a route without a user guard');
  return request.principal;
}
