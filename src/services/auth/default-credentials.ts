// Known default credentials (Langflow's `langflow`/`langflow`, and any account whose password is
// its own name, as `admin`/`admin`) never log in, whatever the database holds: an imported
// Langflow database keeps its auto-login account's password. Start-up names such accounts.
import { NO_PASSWORD } from '../../auth/password.js';
import { findUserByUsername } from '../../storage/repositories/users.js';
import { usernameKey } from '../../storage/username-key.js';
import { AUTO_LOGIN_USERNAME } from './auto-login-user.js';
import type { AppDeps } from '../deps.js';

export const DEFAULT_PASSWORD_MESSAGE =
  'This account still has a default password, which is refused. An administrator must set a new one.';

/** True when `password` is a known default for the account `username`. */
export function isDefaultPassword(username: string, password: string): boolean {
  return usernameKey(password) === usernameKey(username);
}

/** Warns about the usual default accounts that still have their default password. */
export async function warnAboutDefaultPasswords(deps: AppDeps): Promise<void> {
  const names = new Set([AUTO_LOGIN_USERNAME, 'admin', deps.config.superuser]);
  for (const name of names) {
    const user = await findUserByUsername(deps.storage.db, name);
    if (!user || user.passwordHash === NO_PASSWORD) continue;
    if ((await deps.passwords.verify(user.username, user.passwordHash)).ok) {
      deps.log.warn(`The account "${user.username}" has a default password (its own name): password login to it is refused until an administrator sets a new one.`);
    }
  }
}
