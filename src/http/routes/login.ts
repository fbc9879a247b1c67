// Langflow's login router (SPEC §4 "Session"): login, auto_login, refresh, logout, session, config.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../../services/auth/authenticate.js';
import type { AppDeps } from '../../services/deps.js';
import { autoLogin, login } from '../../services/auth/login.js';
import { logout, RefreshRaceLostError, refreshSession, SessionMessages } from '../../services/auth/sessions.js';
import { UnauthorizedError } from '../../services/errors.js';
import { clearAuthCookies, setAuthCookies } from '../cookies.js';
import { presentedCredentials, REFRESH_COOKIE } from '../credentials.js';
import { UserReadSchema, toUserRead } from '../presenters/user-read.js';
import { assertNotCrossOrigin, assertSameOrigin } from '../same-origin.js';
import { ConfigResponseSchema, toConfigResponse } from '../presenters/config-response.js';

const LoginForm = Type.Object({ username: Type.String(), password: Type.String() });
const TokenSchema = Type.Object({ access_token: Type.String(), refresh_token: Type.String(), token_type: Type.Literal('bearer') });
const AutoLoginSchema = Type.Object({ access_token: Type.String(), refresh_token: Type.Null(), token_type: Type.Literal('bearer') });
const MessageSchema = Type.Object({ message: Type.String() });
// Langflow's shape plus two facts a UI needs before it calls anything that could fail: whether
// auto-login is on, and whether a refresh cookie came with the request (it is HttpOnly, so the
// page cannot see it). With them an anonymous page load makes no request that answers 4xx.
const SessionSchema = Type.Object({
  authenticated: Type.Boolean(),
  user: Type.Union([UserReadSchema, Type.Null()]),
  auto_login: Type.Boolean(),
  refreshable: Type.Boolean(),
});

export function registerLoginRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: { username: string; password: string } }>(
    '/api/v1/login',
    { config: { auth: 'public' }, schema: { body: LoginForm, response: { 200: TokenSchema } } },
    async (request, reply) => {
      assertSameOrigin(request); // login CSRF: a cross-site form must not set our session cookies
      const { username, password } = request.body;
      const result = await login(deps, { username, password, ip: request.ip });
      setAuthCookies(reply, request, deps.config, result);
      return { access_token: result.accessToken, refresh_token: result.refreshToken, token_type: 'bearer' as const };
    },
  );

  // No automatic HEAD twin: this GET starts a session, a HEAD must not.
  const noHead = { exposeHeadRoute: false } as const;
  // The superuser's token: never to another origin (no CORS headers, browser signals checked).
  app.get('/api/v1/auto_login', { ...noHead, config: { auth: 'public', cors: false }, schema: { response: { 200: AutoLoginSchema } } }, async (request, reply) => {
    assertNotCrossOrigin(request);
    const result = await autoLogin(deps, request.ip);
    setAuthCookies(reply, request, deps.config, { accessToken: result.accessToken, refreshToken: null });
    return { access_token: result.accessToken, refresh_token: null, token_type: 'bearer' as const };
  });

  app.post('/api/v1/refresh', { config: { auth: 'public' }, schema: { response: { 200: TokenSchema } } }, async (request, reply) => {
    const token = request.cookies[REFRESH_COOKIE];
    try {
      if (!token) throw new UnauthorizedError(SessionMessages.invalidRefreshToken);
      assertSameOrigin(request); // the refresh cookie is a credential: no cross-site use (D7)
      const result = await refreshSession(deps, token, request.ip);
      setAuthCookies(reply, request, deps.config, result);
      return { access_token: result.accessToken, refresh_token: result.refreshToken, token_type: 'bearer' as const };
    } catch (error) {
      // The loser of a concurrent refresh must not wipe the cookies the winner just set.
      if (error instanceof UnauthorizedError && !(error instanceof RefreshRaceLostError)) clearAuthCookies(reply, request, deps.config);
      throw error;
    }
  });

  app.post('/api/v1/logout', { config: { auth: 'public' }, schema: { response: { 200: MessageSchema } } }, async (request, reply) => {
    const credentials = presentedCredentials(request);
    const refreshToken = request.cookies[REFRESH_COOKIE] || undefined;
    // Ending a session named by a cookie is a cookie-authenticated write (D7).
    if (!credentials.bearer && (credentials.cookie || refreshToken)) assertSameOrigin(request);
    await logout(deps, { accessToken: credentials.bearer ?? credentials.cookie, refreshToken, ip: request.ip });
    clearAuthCookies(reply, request, deps.config);
    return { message: 'Logout successful' };
  });

  app.get('/api/v1/session', { ...noHead, config: { auth: 'public' }, schema: { response: { 200: SessionSchema } } }, async (request) =>
    sessionOf(deps, request),
  );

  app.get('/api/v1/config', { config: { auth: 'user' }, schema: { response: { 200: ConfigResponseSchema } } }, async () =>
    toConfigResponse(deps.config),
  );
}

async function sessionOf(deps: AppDeps, request: FastifyRequest) {
  const facts = { auto_login: deps.config.autoLogin, refreshable: Boolean(request.cookies?.[REFRESH_COOKIE]) };
  const credentials = presentedCredentials(request);
  if (!credentials.bearer && !credentials.cookie && !credentials.apiKeyHeader && !credentials.apiKeyQuery) {
    return { authenticated: false, user: null, ...facts };
  }
  try {
    const principal = await authenticate(deps, credentials);
    return { authenticated: true, user: toUserRead(principal.user), ...facts };
  } catch {
    return { authenticated: false, user: null, ...facts };
  }
}
