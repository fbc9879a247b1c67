// Password login and auto-login (SPEC §3, §4; D4, D10, D11, D12).
import { findUserByUsername, replacePasswordHash, setLastLoginAt, type UserRecord } from '../../storage/repositories/users.js';
import { recordAudit } from '../audit/audit.js';
import { findAutoLoginUser } from './auto-login-user.js';
import { type AppDeps, nowIso } from '../deps.js';
import { BadRequestError, Messages, UnauthorizedError } from '../errors.js';
import { LoginThrottledError, recordLoginSuccess, reserveLoginAttempt, throttleKeys } from './login-throttle.js';
import { createSession, type SessionTokens } from './sessions.js';
import { syncEnvironmentVariables } from '../variables/environment-variables.js';
import { DEFAULT_PASSWORD_MESSAGE, isDefaultPassword } from './default-credentials.js';

export const LoginMessages = {
  badCredentials: 'Incorrect username or password',
  waitingForApproval: 'Waiting for approval',
  inactiveUser: Messages.inactiveUser,
  autoLoginDisabled: { message: 'Auto login is disabled. Please enable it in the settings', auto_login: false },
  noAutoLoginUser: "Super user hasn't been created",
} as const;

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
}

export interface LoginResult extends SessionTokens {
  user: UserRecord;
}

export async function login(deps: AppDeps, input: LoginInput): Promise<LoginResult> {
  const keys = throttleKeys(input.username, input.ip);
  // A storm beyond the hashing queue is answered 503 before the attempt counts against the account.
  deps.passwords.assertCapacity();
  try {
    // Before any hashing: a locked account or address costs the server nothing, and this
    // attempt is counted now, atomically, so parallel guesses cannot all pass the check.
    await reserveLoginAttempt(deps, keys);
  } catch (error) {
    if (error instanceof LoginThrottledError) await auditFailure(deps, null, input.ip, 'throttled', { scope: error.scope });
    throw error;
  }
  // Stored usernames are trimmed and NFC-normalised; look up the typed name the same way.
  const user = await findUserByUsername(deps.storage.db, input.username.trim().normalize('NFC'));
  // D10: the password is checked first, with the same work for unknown users, so neither the
  // answer nor its timing says whether an account exists or what state it is in.
  let check = { ok: false, needsRehash: false };
  if (user) check = await deps.passwords.verify(input.password, user.passwordHash);
  else await deps.passwords.verifyDummy(input.password);
  if (!user || !check.ok) {
    await auditFailure(deps, user?.id ?? null, input.ip, 'bad_credentials');
    throw new UnauthorizedError(LoginMessages.badCredentials, { 'WWW-Authenticate': 'Bearer' });
  }
  if (isDefaultPassword(user.username, input.password)) {
    await auditFailure(deps, user.id, input.ip, 'default_password');
    throw new UnauthorizedError(DEFAULT_PASSWORD_MESSAGE);
  }
  if (!user.isActive) {
    // Only the holder of the right password learns the account's state.
    if (user.lastLoginAt === null) {
      await auditFailure(deps, user.id, input.ip, 'waiting_for_approval');
      throw new BadRequestError(LoginMessages.waitingForApproval);
    }
    await auditFailure(deps, user.id, input.ip, 'inactive');
    throw new UnauthorizedError(LoginMessages.inactiveUser);
  }
  await recordLoginSuccess(deps, keys);
  // Imported bcrypt (and weaker argon2) hashes become argon2id now that we hold the password.
  if (check.needsRehash) await replacePasswordHash(deps.storage.db, user.id, user.passwordHash, await deps.passwords.hash(input.password));
  await setLastLoginAt(deps.storage.db, user.id, nowIso(deps));
  await syncEnvironmentVariables(deps, user.id);
  const tokens = await createSession(deps, user.id);
  await recordAudit(deps, {
    event: 'login_success',
    actorId: user.id,
    targetId: user.id,
    ip: input.ip,
    detail: { method: 'password', ...(check.needsRehash ? { upgraded: ['password_hash'] } : {}) },
  });
  return { ...tokens, user };
}

/** GET /auto_login: a session for the `langflow` superuser, with the normal lifetime (D4). */
export async function autoLogin(deps: AppDeps, ip: string | null): Promise<LoginResult> {
  if (!deps.config.autoLogin) throw new BadRequestError(LoginMessages.autoLoginDisabled);
  const user = await findAutoLoginUser(deps);
  if (!user) throw new BadRequestError(LoginMessages.noAutoLoginUser);
  if (!user.isActive) throw new UnauthorizedError(LoginMessages.inactiveUser);
  await setLastLoginAt(deps.storage.db, user.id, nowIso(deps));
  await syncEnvironmentVariables(deps, user.id);
  const tokens = await createSession(deps, user.id);
  await recordAudit(deps, { event: 'login_success', actorId: user.id, targetId: user.id, ip, detail: { method: 'auto_login' } });
  return { ...tokens, user };
}

async function auditFailure(
  deps: AppDeps,
  userId: string | null,
  ip: string | null,
  reason: 'bad_credentials' | 'inactive' | 'waiting_for_approval' | 'throttled' | 'default_password',
  extra: Record<string, unknown> = {},
): Promise<void> {
  // The name typed at the prompt is never recorded: people type their password there by mistake.
  await recordAudit(deps, { event: 'login_failure', actorId: null, targetId: userId, ip, detail: { reason, ...extra } });
}
