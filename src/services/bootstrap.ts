// Start-up, SPEC §2: configuration checks, database and migrations, the secret key and its
// check value, the superuser. Returns the dependencies every service receives.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config-types.js';
import { isLoopbackHost } from '../config/parse-config.js';
import { Fernet } from '../auth/fernet.js';
import { deriveFernetKey, keyFingerprint } from '../auth/secret-key.js';
import { openStorage, type Storage } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { ApiKeyUsage } from './api-keys/api-key-usage.js';
import { FlowPlans } from './flows/flow-plans.js';
import { MessageWrites } from './messages/message-writes.js';
import { AuthCache } from './auth/auth-cache.js';
import { PasswordHasher } from './auth/password-hashing.js';
import { type AppDeps, type Clock, systemClock } from './deps.js';
import { adoptKeyIfNothingEncrypted, checkSecretKey, SecretKeyMismatchError, storedKeyFingerprint } from './secret-key/key-check.js';
import { KeyMaterialError, loadSecretKey, loadTokenKeys, noSecretKeyMessage, SECRET_KEY_FILE, type LoadedSecretKey } from './secret-key/key-material.js';
import { fileFingerprint, keyMismatchMessage } from './secret-key/key-mismatch-message.js';
import { StartupError } from './startup-errors.js';
import { ensureSuperuser } from './users/superuser-bootstrap.js';
import { warnAboutDefaultPasswords } from './auth/default-credentials.js';
import { fillUsernameKeys } from '../storage/repositories/users.js';

export interface BootstrapOptions {
  clock?: Clock;
  log?: AppDeps['log'];
  /** Skip creating the superuser (the `superuser` CLI command creates it itself). */
  skipSuperuser?: boolean;
  /** The --env-file the command was given, for the commands that messages suggest. */
  envFile?: string;
}

/**
 * The log of the one-shot commands (superuser, api-key): their stdout is their result, which
 * scripts read, so informational events (the audit line of the user they create) stay out of it;
 * the audit table has them. Warnings and errors go to stderr.
 */
export function oneShotLog(stderr: { write(text: string): unknown } = process.stderr): AppDeps['log'] {
  return {
    info: () => undefined,
    warn: (msg) => void stderr.write(`WARNING: ${msg}\n`),
    error: (obj, msg) => void stderr.write(`${[msg, obj instanceof Error ? obj.message : typeof obj === 'string' ? obj : JSON.stringify(obj)].filter(Boolean).join(' ')}\n`),
  };
}

/** D3: auto-login on a non-loopback address must be asked for explicitly. */
export function checkAutoLoginExposure(config: Config, log: AppDeps['log']): void {
  if (!config.autoLogin || isLoopbackHost(config.host)) return;
  if (!config.autoLoginExplicit) {
    throw new StartupError(
      `Auto-login is on (the default) and the server would listen on ${config.host}, reachable from other machines, ` +
        'where anyone could act as the superuser. Set LANGFLOW_AUTO_LOGIN=False with LANGFLOW_SUPERUSER and ' +
        'LANGFLOW_SUPERUSER_PASSWORD, or listen on 127.0.0.1, or set LANGFLOW_AUTO_LOGIN=True to accept the risk.',
    );
  }
  log.warn(
    `!!! AUTO-LOGIN IS ON AND THE SERVER LISTENS ON ${config.host}. ANYONE WHO CAN REACH IT IS THE SUPERUSER. !!!`,
  );
}

function loadOrRefuse(config: Config): LoadedSecretKey {
  try {
    return loadSecretKey(config);
  } catch (error) {
    if (error instanceof KeyMaterialError) throw new StartupError(error.message);
    throw error;
  }
}

export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<AppDeps> {
  const log = options.log ?? oneShotLog();
  const clock = options.clock ?? systemClock;
  checkAutoLoginExposure(config, log);
  if (config.allowedHosts === '*' && (!isLoopbackHost(config.host) || config.trustedProxies.length > 0)) {
    log.warn(
      `The server listens on ${config.host}${config.trustedProxies.length ? ' behind a proxy' : ''} and answers any Host header: set LANGFLOW_ALLOWED_HOSTS to the names it is reached by (DNS-rebinding defence).`,
    );
  }
  const storage = openStorage(config.databaseUrl, { timeoutMs: config.dbTimeoutSeconds * 1000 });
  try {
    await migrateToLatest(storage.db);
    const clashes = await fillUsernameKeys(storage.db);
    if (clashes.length > 0) {
      log.warn(`${clashes.length} account(s) share a name with an older one in another case or form; they can no longer log in by name until an administrator renames them.`);
    }
    const deps = await loadKeys(config, storage, clock, log, options.envFile);
    if (!options.skipSuperuser) await ensureSuperuser(deps);
    await warnAboutDefaultPasswords(deps);
    return deps;
  } catch (error) {
    await storage.close();
    throw error;
  }
}

async function loadKeys(config: Config, storage: Storage, clock: Clock, log: AppDeps['log'], envFile: string | undefined): Promise<AppDeps> {
  const keyFile = path.join(config.configDir, SECRET_KEY_FILE);
  // A database some key already wrote, and no key configured: generating one could never open it.
  if (!config.secretKey && !fs.existsSync(keyFile)) {
    const stored = await storedKeyFingerprint(storage.db);
    if (stored) throw new StartupError(noSecretKeyMessage(config, stored));
  }
  const { secretKey, source, warning } = loadOrRefuse(config);
  try {
    await checkSecretKey(storage.db, secretKey, config.secretKeyPrevious);
  } catch (error) {
    // A key generated just now cannot open existing data: take it back, so nothing is written.
    if (source === 'generated') fs.rmSync(keyFile, { force: true });
    if (!(error instanceof SecretKeyMismatchError)) throw error;
    // The README's order: `npm start` first (a key generated into this config dir's key file),
    // then a .env with its own key. When that generated key wrote the database and it holds
    // nothing encrypted yet, adopting the configured key loses nothing. A key file that did not
    // write it (another instance did, with its own configured key) is never overruled.
    const ownGeneratedKeyWroteIt = source === 'env' && fileFingerprint(keyFile) === error.expectedFingerprint;
    if (!ownGeneratedKeyWroteIt || !(await adoptKeyIfNothingEncrypted(storage.db, secretKey))) {
      throw new StartupError(keyMismatchMessage({ config, database: storage.description, keyFile, source, envFile, storedFingerprint: error.expectedFingerprint }));
    }
    log.warn(
      `${storage.description} held nothing encrypted yet, so it now uses the configured secret key (fingerprint ${keyFingerprint(secretKey)}) ` +
        `instead of the one it was first started with (fingerprint ${error.expectedFingerprint}).`,
    );
  }
  if (warning) log.warn(warning);
  const previous = config.secretKeyPrevious;
  return {
    config,
    storage,
    clock,
    log,
    authCache: new AuthCache(storage),
    apiKeyUsage: new ApiKeyUsage(),
    flowPlans: new FlowPlans(),
    messageWrites: new MessageWrites(storage.db),
    passwords: new PasswordHasher(config.passwordHashThreads, config.passwordHashQueue),
    keys: {
      fernet: new Fernet(deriveFernetKey(secretKey).fernetKey),
      previousFernet: previous ? new Fernet(deriveFernetKey(previous).fernetKey) : undefined,
      tokenKeys: await loadTokenKeys(config, secretKey),
      fingerprint: keyFingerprint(secretKey),
    },
  };
}
