// Who is calling an MCP endpoint (Langflow's get_current_user_mcp), with Flowgate's limits:
// a Bearer token or an API key (header or query) as Langflow; without credentials, only a
// loopback client that is not forwarded gets an anonymous identity (SPEC D3: never a remote
// anonymous superuser): a project's owner when the project says `auth_type: none`, else the
// auto-login user when auto-login is on. Everything else is refused.
import { findFolderMcpAccess } from '../../storage/repositories/folders.js';
import { findUserById } from '../../storage/repositories/users.js';
import { authenticate, type PresentedCredentials, type Principal } from '../auth/authenticate.js';
import { findAutoLoginUser } from '../auth/auto-login-user.js';
import type { AppDeps } from '../deps.js';
import { ForbiddenError, Messages, UnauthorizedError } from '../errors.js';
import { parseAuthSettings } from './auth-settings.js';

export interface McpCredentials extends PresentedCredentials {
  /** fromLoopback, and nothing says the request was forwarded or comes from a web page elsewhere. */
  anonymousAllowed: boolean;
}

export async function authenticateMcp(deps: AppDeps, credentials: McpCredentials, projectId?: string): Promise<Principal> {
  // Cookies are not MCP credentials (as Langflow): a web page cannot borrow a browser session.
  const { cookie: _cookie, ...presented } = credentials;
  if (presented.bearer || presented.apiKeyHeader || presented.apiKeyQuery) {
    return authenticate(deps, { ...presented, fromLoopback: false });
  }
  if (credentials.anonymousAllowed) {
    if (projectId) {
      const access = await findFolderMcpAccess(deps.storage.db, projectId);
      if (access?.user_id && parseAuthSettings(access.auth_settings).auth_type === 'none') {
        const owner = await findUserById(deps.storage.db, access.user_id);
        if (!owner || !owner.isActive) throw new UnauthorizedError(Messages.inactiveUser);
        return { user: owner, via: 'skip_auth' };
      }
    }
    if (deps.config.autoLogin) {
      const user = await findAutoLoginUser(deps);
      if (user?.isActive) return { user, via: 'skip_auth' };
    }
  }
  throw new ForbiddenError(Messages.missingApiKey);
}
