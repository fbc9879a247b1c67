// PATCH /users/{id} and PATCH /users/{id}/reset-password (SPEC §4, D5, D13, D14).
import {
  findUserById,
  findAutoLoginUserRow,
  findUserByUsername,
  isUniqueViolation,
  lockActiveSuperuserIds,
  updateUser,
  type UserChanges,
  type UserRecord,
} from '../../storage/repositories/users.js';
import { recordAudit } from '../audit/audit.js';
import type { Principal } from '../auth/authenticate.js';
import { type AppDeps, nowIso } from '../deps.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import { revokeAllSessions } from '../auth/sessions.js';
import { recordLoginSuccess, reserveLoginAttempt, throttleKeys } from '../auth/login-throttle.js';
import { isReservedUsername } from '../auth/auto-login-user.js';
import { checkNewPassword, checkOptins, checkProfileImage, normalizeUsername } from './user-fields.js';
import { type Caller, UserMessages } from './users.js';

export const UpdateMessages = {
  cannotDeactivateSelf: "You can't deactivate your own user account",
  passwordNotHere: "You can't change your password here",
  lastSuperuserDeactivate: "You can't deactivate the last active superuser",
  lastSuperuserDemote: "You can't remove superuser rights from the last active superuser",
  notAnotherUsersPassword: "You can't change another user's password",
  currentPasswordIncorrect: 'Current password is incorrect',
  samePassword: "You can't use your current password",
  sessionRequired: 'A password can only be changed from a login session, not with an API key',
} as const;

/** A password change needs a login session: an API key (a script's credential) cannot take over the account. */
function assertSessionCaller(caller: Authenticated): void {
  const via = caller.principal.via;
  if (via !== 'bearer' && via !== 'cookie') throw new ForbiddenError(UpdateMessages.sessionRequired);
}

export interface UserPatch {
  username?: string | null;
  profile_image?: string | null;
  optins?: Record<string, unknown> | null;
  password?: string | null;
  is_active?: boolean | null;
  is_superuser?: boolean | null;
}

type Authenticated = Caller & { principal: Principal };

export async function patchUser(deps: AppDeps, caller: Authenticated, userId: string, patch: UserPatch): Promise<UserRecord> {
  const actor = caller.principal.user;
  const self = actor.id === userId;
  // Checks in Langflow's order, so the same request gets the same answer.
  if (self && patch.is_active === false) throw new ForbiddenError(UpdateMessages.cannotDeactivateSelf);
  if (!actor.isSuperuser && patch.is_superuser) throw new ForbiddenError(UserMessages.permissionDenied);
  if (!actor.isSuperuser && !self) throw new ForbiddenError(UserMessages.permissionDenied);
  if (patch.password && !actor.isSuperuser) throw new BadRequestError(UpdateMessages.passwordNotHere);
  if (patch.password && self) assertSessionCaller(caller);

  const changes = await validatedChanges(deps, patch, actor.isSuperuser);
  const { before, fields } = await deps.storage.db.transaction().execute(async (trx) => {
    const removesRights = changes.is_active === false || changes.is_superuser === false;
    const superusers = removesRights ? await lockActiveSuperuserIds(trx, deps.storage.dialect) : [];
    const target = await findUserById(trx, userId);
    if (!target) throw new NotFoundError(UserMessages.userNotFound);
    if (superusers.includes(userId) && superusers.length <= 1) {
      // D14: the server must keep someone who can administer it.
      throw new BadRequestError(changes.is_active === false ? UpdateMessages.lastSuperuserDeactivate : UpdateMessages.lastSuperuserDemote);
    }
    if (changes.username !== undefined) {
      // The auto-login name (any case or form) is its account's alone (a squat would be logged into).
      if (isReservedUsername(changes.username) && (await findAutoLoginUserRow(trx))?.id !== userId) {
        throw new BadRequestError(UserMessages.usernameUnavailable);
      }
      const holder = await findUserByUsername(trx, changes.username);
      if (holder && holder.id !== userId) throw new BadRequestError(UserMessages.usernameUnavailable);
    }
    const fields = changedFields(target, changes);
    if (fields.length > 0) {
      const set: UserChanges = { updated_at: nowIso(deps) };
      for (const field of fields) Object.assign(set, { [field]: changes[field] });
      try {
        await updateUser(trx, userId, set);
      } catch (error) {
        if (isUniqueViolation(error)) throw new BadRequestError(UserMessages.usernameUnavailable);
        throw error;
      }
    }
    return { before: target, fields };
  });
  // Committed: readers on other connections may have cached the old row meanwhile (PostgreSQL).
  deps.authCache.invalidate();
  await afterUpdate(deps, caller, before, fields, changes);
  const updated = await findUserById(deps.storage.db, userId);
  if (!updated) throw new NotFoundError(UserMessages.userNotFound);
  return updated;
}

type FieldChanges = Omit<UserChanges, 'updated_at' | 'is_active' | 'is_superuser'> & { is_active?: boolean; is_superuser?: boolean };

async function validatedChanges(deps: AppDeps, patch: UserPatch, bySuperuser: boolean): Promise<FieldChanges> {
  const changes: FieldChanges = {};
  if (patch.username != null) changes.username = normalizeUsername(patch.username);
  if (patch.profile_image != null) changes.profile_image = checkProfileImage(patch.profile_image);
  if (patch.optins != null) changes.optins = JSON.stringify(checkOptins(patch.optins));
  // Everything below is the superuser's alone; from anyone else it was refused or is ignored.
  if (!bySuperuser) return changes;
  if (patch.is_active != null) changes.is_active = patch.is_active;
  if (patch.is_superuser != null) changes.is_superuser = patch.is_superuser;
  if (patch.password) {
    checkNewPassword(patch.password);
    changes.password = await deps.passwords.hash(patch.password);
  }
  return changes;
}

function changedFields(target: UserRecord, changes: FieldChanges): (keyof FieldChanges)[] {
  const current: Record<keyof FieldChanges, unknown> = {
    username: target.username,
    profile_image: target.profileImage,
    optins: target.optins === null ? null : JSON.stringify(target.optins),
    is_active: target.isActive,
    is_superuser: target.isSuperuser,
    password: undefined, // a new hash always differs
  };
  return (Object.keys(changes) as (keyof FieldChanges)[]).filter((field) => changes[field] !== current[field]);
}

/** Session revocation (D5) and the audit trail, once the change is committed. */
async function afterUpdate(deps: AppDeps, caller: Authenticated, before: UserRecord, fields: string[], changes: FieldChanges): Promise<void> {
  if (fields.length === 0) return;
  const actor = caller.principal.user;
  const base = { actorId: actor.id, targetId: before.id, ip: caller.ip };
  const self = actor.id === before.id;
  const deactivated = fields.includes('is_active') && changes.is_active === false;
  const demoted = fields.includes('is_superuser') && changes.is_superuser === false;
  const passwordSet = fields.includes('password');
  if (deactivated || demoted || (passwordSet && !self)) {
    await revokeAllSessions(deps, before.id, deactivated ? 'user_deactivated' : demoted ? 'superuser_revoked' : 'password_reset_by_admin');
  } else if (passwordSet) {
    // A superuser changing his own password here: as a password change, his other sessions end.
    await revokeAllSessions(deps, before.id, 'password_changed', caller.principal.sessionId);
  }
  await recordAudit(deps, { ...base, event: 'user_updated', detail: { fields } });
  if (fields.includes('is_active')) await recordAudit(deps, { ...base, event: changes.is_active ? 'user_activated' : 'user_deactivated' });
  if (fields.includes('is_superuser')) await recordAudit(deps, { ...base, event: changes.is_superuser ? 'superuser_granted' : 'superuser_revoked' });
  if (passwordSet) await recordAudit(deps, { ...base, event: self ? 'password_changed' : 'password_reset_by_admin' });
}

export interface PasswordReset {
  current_password: string;
  password: string;
}

/** One's own password (D13: the current one is required); the other sessions end (D5). */
export async function resetOwnPassword(deps: AppDeps, caller: Authenticated, userId: string, body: PasswordReset): Promise<UserRecord> {
  const user = caller.principal.user;
  if (user.id !== userId) throw new NotFoundError(UpdateMessages.notAnotherUsersPassword);
  assertSessionCaller(caller);
  // Every password check is a login attempt for the throttle: same counts, same locks.
  const keys = throttleKeys(user.username, caller.ip);
  await reserveLoginAttempt(deps, keys);
  if (!(await deps.passwords.verify(body.current_password, user.passwordHash)).ok) throw new BadRequestError(UpdateMessages.currentPasswordIncorrect);
  await recordLoginSuccess(deps, keys);
  if ((await deps.passwords.verify(body.password, user.passwordHash)).ok) throw new BadRequestError(UpdateMessages.samePassword);
  checkNewPassword(body.password);
  const now = nowIso(deps);
  await updateUser(deps.storage.db, user.id, { password: await deps.passwords.hash(body.password), updated_at: now });
  await revokeAllSessions(deps, user.id, 'password_changed', caller.principal.sessionId);
  await recordAudit(deps, { event: 'password_changed', actorId: user.id, targetId: user.id, ip: caller.ip });
  const updated = await findUserById(deps.storage.db, user.id);
  if (!updated) throw new NotFoundError(UserMessages.userNotFound);
  return updated;
}
