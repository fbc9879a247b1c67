// The auto-login superuser (`langflow`) and the configured superuser, looked up by name.
import { findUserByUsername, type UserRecord } from '../storage/repositories/users.js';
import type { AppDeps } from './deps.js';

export const AUTO_LOGIN_USERNAME = 'langflow';

export async function findAutoLoginUser(deps: AppDeps): Promise<UserRecord | undefined> {
  return findUserByUsername(deps.storage.db, AUTO_LOGIN_USERNAME);
}

/** The superuser that LANGFLOW_API_KEY (source env) acts as. */
export async function findConfiguredSuperuser(deps: AppDeps): Promise<UserRecord | undefined> {
  const name = deps.config.autoLogin ? AUTO_LOGIN_USERNAME : deps.config.superuser;
  const user = await findUserByUsername(deps.storage.db, name);
  return user?.isSuperuser ? user : undefined;
}
