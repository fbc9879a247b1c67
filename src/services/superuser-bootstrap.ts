// SPEC §2 steps 3-4: make sure the right superuser exists, never resetting a password silently.
import { randomUUID } from 'node:crypto';
import { NO_PASSWORD } from '../auth/password.js';
import { findUserByUsername, insertUser } from '../storage/repositories/users.js';
import { createDefaultProject } from './default-project.js';
import { type AppDeps, nowIso } from './deps.js';
import { AUTO_LOGIN_USERNAME } from './auto-login-user.js';
import { StartupError } from './startup-errors.js';

export async function ensureSuperuser(deps: AppDeps): Promise<void> {
  const { config } = deps;
  if (config.autoLogin) {
    // D1: the auto-login account has no usable password.
    const existing = await findUserByUsername(deps.storage.db, AUTO_LOGIN_USERNAME);
    if (!existing) await createSuperuser(deps, AUTO_LOGIN_USERNAME, NO_PASSWORD);
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

async function hasAnySuperuser(deps: AppDeps): Promise<boolean> {
  const row = await deps.storage.db.selectFrom('user').select('id').where('is_superuser', '=', true).limit(1).executeTakeFirst();
  return Boolean(row);
}

async function createSuperuser(deps: AppDeps, username: string, passwordHash: string): Promise<void> {
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
    if (await findUserByUsername(deps.storage.db, username)) return;
    throw error;
  }
  await createDefaultProject(deps, id);
}
