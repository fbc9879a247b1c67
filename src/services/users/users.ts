// Users (SPEC §4): sign-up and admin creation, the admin list, deletion with everything the user
// owned (D15). Updates and password changes are in user-update.ts.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  countUsers,
  deleteUserRow,
  findUserById,
  findUserByUsername,
  insertUser,
  isUniqueViolation,
  listUsers,
  lockActiveSuperuserIds,
  type UserRecord,
} from '../../storage/repositories/users.js';
import { listFileRows } from '../../storage/repositories/files.js';
import { recordAudit } from '../audit/audit.js';
import type { Principal } from '../auth/authenticate.js';
import { createDefaultProject } from '../projects/default-project.js';
import { isReservedUsername } from '../auth/auto-login-user.js';
import { reserveSignup } from '../auth/login-throttle.js';
import { filesRoot } from '../files/files.js';
import { type AppDeps, nowIso } from '../deps.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import { checkNewPassword, checkOptins, checkProfileImage, normalizeUsername } from './user-fields.js';

export const UserMessages = {
  signupDisabled: 'Public user registration is disabled.',
  usernameUnavailable: 'This username is unavailable.',
  userNotFound: 'User not found',
  permissionDenied: 'Permission denied',
  cannotDeleteSelf: "You can't delete your own user account",
  cannotDeleteLastSuperuser: "You can't delete the last active superuser",
  userDeleted: 'User deleted',
} as const;

/** Who is asking, from where. `principal` is absent for anonymous sign-up. */
export interface Caller {
  principal?: Principal;
  ip: string | null;
}

export interface NewUserInput {
  username: string;
  password: string;
  optins?: Record<string, unknown> | null;
  profile_image?: string | null;
  is_active?: boolean;
  is_superuser?: boolean;
}

/** POST /users/: a superuser's "add user", or public sign-up when it is open. */
export async function createUser(deps: AppDeps, caller: Caller, input: NewUserInput): Promise<UserRecord> {
  const actor = caller.principal?.user;
  const byAdmin = Boolean(actor?.isActive && actor.isSuperuser);
  if (!byAdmin && (deps.config.autoLogin || !deps.config.enableSignup)) throw new ForbiddenError(UserMessages.signupDisabled);
  if (!byAdmin) {
    // Counted before the hashing it would cost, after the checks that cost nothing.
    normalizeUsername(input.username);
    checkNewPassword(input.password);
    await reserveSignup(deps, caller.ip);
  }
  // Mass assignment: only a superuser chooses the new account's state and role.
  return insertNewUser(deps, {
    username: input.username,
    password: input.password,
    optins: input.optins ?? null,
    profileImage: input.profile_image ?? null,
    isActive: byAdmin && input.is_active !== undefined ? input.is_active : deps.config.newUserIsActive,
    isSuperuser: byAdmin ? Boolean(input.is_superuser) : false,
  }, { actorId: actor?.id ?? null, ip: caller.ip, via: byAdmin ? 'admin' : 'signup' });
}

export interface NewUser {
  username: string;
  password: string;
  optins: Record<string, unknown> | null;
  profileImage: string | null;
  isActive: boolean;
  isSuperuser: boolean;
}

/** Validates, hashes, inserts, gives the user a default project, audits. Permission is the caller's job. */
export async function insertNewUser(
  deps: AppDeps,
  user: NewUser,
  audit: { actorId: string | null; ip: string | null; via: 'admin' | 'signup' | 'cli' },
): Promise<UserRecord> {
  const username = normalizeUsername(user.username);
  checkNewPassword(user.password);
  const profileImage = user.profileImage === null ? null : checkProfileImage(user.profileImage);
  const optins = user.optins === null ? null : checkOptins(user.optins);
  if (isReservedUsername(username) || (await findUserByUsername(deps.storage.db, username))) throw new BadRequestError(UserMessages.usernameUnavailable);
  const id = randomUUID();
  const now = nowIso(deps);
  try {
    await insertUser(deps.storage.db, {
      id,
      username,
      password: await deps.passwords.hash(user.password),
      profile_image: profileImage,
      is_active: user.isActive,
      is_superuser: user.isSuperuser,
      create_at: now,
      updated_at: now,
      last_login_at: null,
      store_api_key: null,
      optins: optins === null ? null : JSON.stringify(optins),
    });
  } catch (error) {
    // Two sign-ups for one name at once: the unique index decides.
    if (isUniqueViolation(error)) throw new BadRequestError(UserMessages.usernameUnavailable);
    throw error;
  }
  await createDefaultProject(deps, id);
  await recordAudit(deps, {
    event: 'user_created',
    actorId: audit.actorId ?? id,
    targetId: id,
    ip: audit.ip,
    detail: { via: audit.via, is_active: user.isActive, is_superuser: user.isSuperuser },
  });
  const created = await findUserById(deps.storage.db, id);
  if (!created) throw new Error('user vanished after insert');
  return created;
}

export interface UserListPage {
  total_count: number;
  users: UserRecord[];
}

export async function listUsersPage(deps: AppDeps, query: { skip: number; limit: number; search?: string }): Promise<UserListPage> {
  const search = query.search || undefined;
  const [users, total] = await Promise.all([
    listUsers(deps.storage.db, { skip: query.skip, limit: query.limit, search, dialect: deps.storage.dialect }),
    countUsers(deps.storage.db, deps.storage.dialect, search),
  ]);
  return { total_count: total, users };
}

/** DELETE /users/{id} (superuser): the user and everything they owned (D15). */
export async function deleteUser(deps: AppDeps, caller: Caller & { principal: Principal }, userId: string): Promise<void> {
  const actor = caller.principal.user;
  if (actor.id === userId) throw new BadRequestError(UserMessages.cannotDeleteSelf);
  const { deleted, filePaths } = await deps.storage.db.transaction().execute(async (trx) => {
    const superusers = await lockActiveSuperuserIds(trx, deps.storage.dialect);
    const target = await findUserById(trx, userId);
    if (!target) throw new NotFoundError(UserMessages.userNotFound);
    // D14: never remove the last one who can administer the server.
    if (superusers.includes(userId) && superusers.length <= 1) throw new BadRequestError(UserMessages.cannotDeleteLastSuperuser);
    const filePaths = (await listFileRows(trx, userId)).map((row) => row.path);
    await deleteUserRow(trx, userId);
    return { deleted: target, filePaths };
  });
  // Committed: readers on other connections may have cached the old rows meanwhile (PostgreSQL).
  deps.authCache.invalidate();
  removeFiles(deps, userId, filePaths);
  await recordAudit(deps, {
    event: 'user_deleted',
    actorId: actor.id,
    targetId: userId,
    ip: caller.ip,
    // Kept so the audit log still says who it was once the account is gone.
    detail: { username: deleted.username, was_superuser: deleted.isSuperuser },
  });
}

function removeFiles(deps: AppDeps, userId: string, relativePaths: string[]): void {
  const root = path.resolve(filesRoot(deps));
  const remove = (relative: string, recursive: boolean) => {
    const target = path.resolve(root, relative);
    // Only ever inside <CONFIG_DIR>/files, whatever a row says.
    if (!target.startsWith(root + path.sep)) return;
    try {
      fs.rmSync(target, { force: true, recursive });
    } catch (error) {
      deps.log.warn(`Could not remove a deleted user's file ${target}: ${(error as Error).message}`);
    }
  };
  for (const relative of relativePaths) remove(relative, false);
  // Uploads live in <files>/<user id>/ (the id is a validated UUID): the folder goes too.
  remove(userId, true);
}
