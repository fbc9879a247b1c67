// The session cookies (D7): HttpOnly and SameSite=Lax by default, Secure when the request came
// over HTTPS (X-Forwarded-Proto is believed only from trusted proxies, see app.ts). Cleared
// with exactly the attributes they were set with, or browsers keep them.
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config, CookieConfig } from '../config/config-types.js';
import { ACCESS_COOKIE, API_KEY_COOKIE, REFRESH_COOKIE } from './credentials.js';

export interface CookieTokens {
  accessToken: string;
  /** null for auto-login, which hands out no refresh token (as Langflow). */
  refreshToken: string | null;
}

export function setAuthCookies(reply: FastifyReply, request: FastifyRequest, config: Config, tokens: CookieTokens): void {
  reply.setCookie(ACCESS_COOKIE, tokens.accessToken, { ...attributes(request, config, config.accessCookie), maxAge: config.accessTokenExpireSeconds });
  if (tokens.refreshToken !== null) {
    reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, { ...attributes(request, config, config.refreshCookie), maxAge: config.refreshTokenExpireSeconds });
  }
  // Langflow puts the user's Store key here, readable by scripts. Flowgate never sends a stored
  // secret to the browser: the cookie exists for compatibility, empty and HttpOnly, for the session.
  reply.setCookie(API_KEY_COOKIE, '', { ...attributes(request, config, config.accessCookie), httpOnly: true });
}

export function clearAuthCookies(reply: FastifyReply, request: FastifyRequest, config: Config): void {
  reply.clearCookie(ACCESS_COOKIE, attributes(request, config, config.accessCookie));
  reply.clearCookie(REFRESH_COOKIE, attributes(request, config, config.refreshCookie));
  reply.clearCookie(API_KEY_COOKIE, { ...attributes(request, config, config.accessCookie), httpOnly: true });
}

function attributes(request: FastifyRequest, config: Config, cookie: CookieConfig): CookieSerializeOptions {
  // Browsers drop SameSite=None cookies that are not Secure: None implies Secure.
  const secure = cookie.sameSite === 'none' ? true : (cookie.secure ?? request.protocol === 'https');
  return {
    path: '/',
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    secure,
    ...(config.cookieDomain ? { domain: config.cookieDomain } : {}),
  };
}
