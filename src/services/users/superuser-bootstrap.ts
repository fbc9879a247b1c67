// SPEC §2 steps 3-4: make sure the right superuser exists, never resetting a password silently.
import { randomUUID } from 'node:crypto';
import { NO_PASSWORD } from '../../auth/password.js';
import { findAutoLoginUserRow, findUserByUsername, insertUser, markAutoLoginUser, updateUser } from '../../storage/repositories/users.js';
import { createDefaultProject } from '../projects/default-project.js';
import { type AppDeps, nowIso } from '../deps.js';
import { AUTO_LOGIN_USERNAME } from '../auth/auto-login-user.js';
import { StartupError } from '../startup-errors.js';

export async function ensureSuperuser(deps: AppDeps): Promise<void> {
  const { config } = deps;
  if (config.autoLogin) {
    await ensureAutoLoginUser(deps);
    return;
  }
  const existing = await findUserByUsername(deps.storage.db, config.superuser);
  if (existing && !existing.isSuperuser) {
    throw new StartupError(
      `LANGFLOW_SUPERUSER=${config.superuser} names an existing regular user. Choose another name, or promote that user from the admin page.`,
    );
  }
  if (existing) return; // never reset an existing superuser's password silently
  if (config.superuserPassword) {
    await createSuperuser(deps, config.superuser, await deps.passwords.hash(config.superuserPassword));
    return;
  }
  if (!(await hasAnySuperuser(deps))) {
    // D2: no default accounts.
    throw new StartupError(
      'LANGFLOW_AUTO_LOGIN is off and no superuser exists. Set LANGFLOW_SUPERUSER and LANGFLOW_SUPERUSER_PASSWORD (or run `flowgate superuser`), then start again.',
    );
  }
}

/**
 * The auto-login account is the marked one. Without one: a `langflow` superuser (Langflow's own
 * auto-login account, in an imported database) is marked, and loses Langflow's default password
 * (D1); a regular `langflow` account is someone's squat, and start-up stops rather than log every
 * visitor into it; no such account: it is created, marked, with no usable password (D1).
 */
async function ensureAutoLoginUser(deps: AppDeps): Promise<void> {
  const db = deps.storage.db;
  if (await findAutoLoginUserRow(db)) return;
  const named = await findUserByUsername(db, AUTO_LOGIN_USERNAME);
  if (named && !named.isSuperuser) {
    throw new StartupError(
      `Auto-login is on, and the account "${named.username}" is a regular user, not the auto-login superuser. ` +
        'Rename or delete it (with LANGFLOW_AUTO_LOGIN=False), then start again.',
    );
  }
  if (named) {
    if ((await deps.passwords.verify(AUTO_LOGIN_USERNAME, named.passwordHash)).ok) {
      await updateUser(db, named.id, { password: NO_PASSWORD, updated_at: nowIso(deps) });
      deps.log.warn(`The auto-login account "${named.username}" had the default password "langflow": it has been removed (D1).`);
    }
    await markAutoLoginUser(db, named.id);
    return;
  }
  const id = await createSuperuser(deps, AUTO_LOGIN_USERNAME, NO_PASSWORD);
  if (id) await markAutoLoginUser(db, id);
  // Another instance created it at the same moment: it marks its own.
}

async function hasAnySuperuser(deps: AppDeps): Promise<boolean> {
  const row = await deps.storage.db.selectFrom('user').select('id').where('is_superuser', '=', true).limit(1).executeTakeFirst();
  return Boolean(row);
}

/** The new user's id, or undefined when another instance created it first. */
async function createSuperuser(deps: AppDeps, username: string, passwordHash: string): Promise<string | undefined> {
  const now = nowIso(deps);
  const id = randomUUID();
  try {
    await insertUser(deps.storage.db, {
      id,
      username,
      password: passwordHash,
      profile_image: null,
      is_active: true,
      is_superuser: true,
      create_at: now,
      updated_at: now,
      last_login_at: null,
      store_api_key: null,
      optins: null,
    });
  } catch (error) {
    // Another instance starting at the same moment created it first: that is fine.
    if (await findUserByUsername(deps.storage.db, username)) return undefined;
    throw error;
  }
  await createDefaultProject(deps, id);
  return id;
}
