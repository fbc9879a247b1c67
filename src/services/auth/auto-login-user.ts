// The auto-login superuser (`langflow`), found by its stored marker, and the configured superuser.
import { findAutoLoginUserRow, findUserByUsername, type UserRecord } from '../../storage/repositories/users.js';
import { usernameKey } from '../../storage/username-key.js';
import type { AppDeps } from '../deps.js';

export const AUTO_LOGIN_USERNAME = 'langflow';

export async function findAutoLoginUser(deps: AppDeps): Promise<UserRecord | undefined> {
  return findAutoLoginUserRow(deps.storage.db);
}

/** The auto-login name, in any case or Unicode form, belongs to the auto-login account alone. */
export function isReservedUsername(username: string): boolean {
  return usernameKey(username) === AUTO_LOGIN_USERNAME;
}

/** The superuser that LANGFLOW_API_KEY (source env) acts as. */
export async function findConfiguredSuperuser(deps: AppDeps): Promise<UserRecord | undefined> {
  const user = deps.config.autoLogin ? await findAutoLoginUser(deps) : await findUserByUsername(deps.storage.db, deps.config.superuser);
  return user?.isSuperuser ? user : undefined;
}
