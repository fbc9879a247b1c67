// The LANGFLOW_* variables that decide who gets in: users and auto-login, tokens and sessions,
// cookies and API keys. Each function reads one group and returns its Config fields.

import type { Config, CookieConfig, JwtAlgorithm, SameSite } from './config-types.js';
import type { Reader } from './env-reader.js';
import { MAX_DURATION_SECONDS } from './value-parsers.js';

const JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'RS256', 'RS512'];
const SAME_SITE_VALUES: readonly SameSite[] = ['lax', 'strict', 'none'];

type UserSettings = Pick<
  Config,
  | 'autoLogin'
  | 'autoLoginExplicit'
  | 'superuser'
  | 'superuserPassword'
  | 'secretKey'
  | 'secretKeyPrevious'
  | 'newUserIsActive'
  | 'enableSignup'
  | 'skipAuthAutoLogin'
>;

/** Users and auto-login. */
export function readUsers(r: Reader): UserSettings {
  const autoLoginExplicit = r.has('AUTO_LOGIN');
  const autoLogin = r.bool('AUTO_LOGIN', true);
  const superuserRaw = r.raw('SUPERUSER');
  let superuser = 'langflow';
  if (superuserRaw !== undefined) {
    if (superuserRaw.trim() === '') r.problem('SUPERUSER', superuserRaw, 'a non-empty user name');
    else superuser = superuserRaw.trim();
  }
  const superuserPassword = r.text('SUPERUSER_PASSWORD', { trim: false });
  const secretKey = r.text('SECRET_KEY', { trim: false });
  const secretKeyPrevious = r.text('SECRET_KEY_PREVIOUS', { trim: false });
  const newUserIsActive = r.bool('NEW_USER_IS_ACTIVE', false);
  const enableSignup = r.bool('ENABLE_SIGNUP', true);
  const skipAuthAutoLogin = r.bool('SKIP_AUTH_AUTO_LOGIN', false);
  return {
    autoLogin,
    autoLoginExplicit,
    superuser,
    superuserPassword,
    secretKey,
    secretKeyPrevious,
    newUserIsActive,
    enableSignup,
    skipAuthAutoLogin,
  };
}

type TokenSettings = Pick<
  Config,
  'accessTokenExpireSeconds' | 'refreshTokenExpireSeconds' | 'sessionMaxSeconds' | 'algorithm'
>;

/** Tokens and sessions. */
export function readTokens(r: Reader): TokenSettings {
  const accessTokenExpireSeconds = r.int('ACCESS_TOKEN_EXPIRE_SECONDS', 3600, MAX_DURATION_SECONDS);
  const refreshTokenExpireSeconds = r.int('REFRESH_TOKEN_EXPIRE_SECONDS', 604_800, MAX_DURATION_SECONDS);
  const sessionMaxSeconds = r.int('SESSION_MAX_SECONDS', 2_592_000, MAX_DURATION_SECONDS);
  const algorithm = r.oneOf('ALGORITHM', 'HS256', JWT_ALGORITHMS, (v) => v.toUpperCase());
  return { accessTokenExpireSeconds, refreshTokenExpireSeconds, sessionMaxSeconds, algorithm };
}

/** The access and refresh cookies' attributes, and their domain. */
export function readCookies(r: Reader): Pick<Config, 'accessCookie' | 'refreshCookie' | 'cookieDomain'> {
  const cookie = (prefix: 'ACCESS' | 'REFRESH'): CookieConfig => ({
    sameSite: r.oneOf(`${prefix}_SAME_SITE`, 'lax', SAME_SITE_VALUES, (v) => v.toLowerCase()),
    secure: r.optionalBool(`${prefix}_SECURE`),
    httpOnly: r.bool(`${prefix}_HTTPONLY`, true),
  });
  const accessCookie = cookie('ACCESS');
  const refreshCookie = cookie('REFRESH');
  const cookieDomain = r.text('COOKIE_DOMAIN');
  return { accessCookie, refreshCookie, cookieDomain };
}

type ApiKeySettings = Pick<
  Config,
  'apiKeySource' | 'apiKey' | 'webhookAuthEnable' | 'enableSuperuserCli' | 'disableTrackApikeyUsage'
>;

/** API keys, plus LANGFLOW_API_KEY as given (a secret to scrub from problems in any mode). */
export function readApiKeys(r: Reader): ApiKeySettings & { apiKeyRaw: string | undefined } {
  const apiKeySource = r.oneOf('API_KEY_SOURCE', 'db', ['db', 'env'] as const, (v) => v.toLowerCase());
  const apiKeyRaw = r.text('API_KEY', { trim: false });
  if (apiKeySource === 'env' && apiKeyRaw === undefined) {
    r.problem('API_KEY', r.raw('API_KEY') ?? '', 'an API key (required when LANGFLOW_API_KEY_SOURCE=env)');
  }
  // Only honoured in env mode: a LANGFLOW_API_KEY exported for client scripts must not
  // silently become a superuser key on a server that stores its keys in the database.
  const apiKey = apiKeySource === 'env' ? apiKeyRaw : undefined;
  const webhookAuthEnable = r.bool('WEBHOOK_AUTH_ENABLE', true);
  const enableSuperuserCli = r.bool('ENABLE_SUPERUSER_CLI', true);
  const disableTrackApikeyUsage = r.bool('DISABLE_TRACK_APIKEY_USAGE', false);
  return { apiKeySource, apiKey, webhookAuthEnable, enableSuperuserCli, disableTrackApikeyUsage, apiKeyRaw };
}
