// `flowgate secret-key rotate [--new-key K] [--env-file F]` and `flowgate secret-key check`.
// Rotation re-encrypts everything in one transaction (services/secret-key/secret-key-rotation.ts); this file
// finds the current key and the new one (--new-key, else the configured LANGFLOW_SECRET_KEY, else
// a generated key written to the key file), and says what the operator must do next.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateSecretKey, keyFingerprint } from '../auth/secret-key.js';
import type { Config } from '../config/config-types.js';
import { readEnvFile } from '../config/env-file.js';
import { KeyMaterialError, SECRET_KEY_FILE, loadSecretKey, noSecretKeyMessage } from '../services/secret-key/key-material.js';
import { checkDatabaseKey, rotateSecretKey, RotationError } from '../services/secret-key/secret-key-rotation.js';
import { openStorage } from '../storage/db.js';
import { CliUsageError, ENV_FILE_OPTION, printError, printLine, type CliIo, type CommandSpec, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

/** Langflow's own minimum; shorter keys get Langflow's weak seeded derivation. */
const MIN_NEW_KEY_CODE_POINTS = 32;
/** How many values between two progress lines of a rotation. */
const PROGRESS_EVERY = 5000;

interface CurrentKey {
  secretKey: string;
  /** Where it came from, for messages: the key file is rewritten, a variable must be changed by hand. */
  source: { kind: 'file'; file: string } | { kind: 'env'; where: string };
}

export const secretKeySpec: CommandSpec = {
  name: 'secret-key',
  summary: 'check the secret key against the database, or re-encrypt everything under another key',
  subcommands: [
    { name: 'check', summary: 'does the configured key open the database? (exit 0: yes, 1: no)', options: [] },
    {
      name: 'rotate',
      summary:
        'read with LANGFLOW_SECRET_KEY_PREVIOUS (if set) and the current key, re-encrypt under --new-key, else the configured LANGFLOW_SECRET_KEY, else a generated key written to the key file',
      options: [{ flag: '--new-key', value: 'KEY', help: 'the key to re-encrypt under (at least 32 characters)' }],
    },
  ],
  options: [ENV_FILE_OPTION],
  run: secretKeyCommand,
};

export async function secretKeyCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'rotate') return rotate(rest, env, io);
  if (sub === 'check') return check(rest, env, io);
  throw new CliUsageError('Usage: npx flowgate secret-key rotate [--new-key KEY] [--env-file FILE] | npx flowgate secret-key check [--env-file FILE]');
}

async function rotate(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { 'new-key': { type: 'string' } });
  const config = loadConfig(env, values['env-file']);
  const current = findCurrentKey(config, values['env-file']);
  if (!current) return noKey(config, io);
  const given = values['new-key'];
  if (given !== undefined) assertUsableNewKey(given);
  // The key the configuration names is the target; a key is generated only when none is named
  // (it lives in the key file, which is then rewritten).
  const newKey = given ?? (current.source.kind === 'env' ? current.secretKey : generateSecretKey());
  const keyChanges = newKey !== current.secretKey;

  // The new key goes to disk BEFORE the database changes, so it can never be lost in between.
  const file = current.source.kind === 'file' && keyChanges ? current.source.file : undefined;
  const staged = file ? stageKeyFile(file, newKey) : undefined;
  const storage = openStorage(config.databaseUrl);
  try {
    // A long rotation says it is alive; killed before the end, it has changed nothing (one transaction).
    let reported = 0;
    const onProgress = (done: number) => {
      if (done - reported < PROGRESS_EVERY) return;
      reported = done;
      printError(io, `Re-encrypting: ${done} variable value(s) so far; nothing is committed until all are done.`);
    };
    const report = await rotateSecretKey(storage, { currentKey: current.secretKey, previousKey: config.secretKeyPrevious, newKey, onProgress });
    if (staged && file) fs.renameSync(staged, file);
    printLine(io, 
      `Re-encrypted ${report.variables} variable value(s) and ${report.storeApiKeys} Store API key(s) in one transaction` +
        (report.plaintextVariables ? ` (${report.plaintextVariables} Generic value(s) stored unencrypted by Langflow are now encrypted)` : '') +
        `.\nThe database now opens with the key whose fingerprint is ${report.newFingerprint}.`,
    );
    printNextSteps(io, config, current, newKey, given === undefined && current.source.kind === 'file', keyChanges, file);
    return 0;
  } catch (error) {
    if (staged) fs.rmSync(staged, { force: true });
    // Any failure rolled the transaction back; say so, whatever it was (a lost connection, no tables…).
    printError(io, `Rotation failed, nothing was changed: ${describeFailure(error)}`);
    return 1;
  } finally {
    await storage.close();
  }
}

async function check(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const config = loadConfig(env, values['env-file']);
  const current = findCurrentKey(config, values['env-file']);
  if (!current) return noKey(config, io);
  const storage = openStorage(config.databaseUrl);
  try {
    const report = await checkDatabaseKey(storage, { currentKey: current.secretKey, previousKey: config.secretKeyPrevious });
    const { keyCheck, values: counts } = report;
    const fingerprint = keyCheck.givenFingerprint;
    if (keyCheck.status === 'mismatch') {
      printLine(io, `NO: the configured key (fingerprint ${fingerprint}) does not open ${storage.description}; it was written with the key whose fingerprint is ${keyCheck.storedFingerprint}.`);
      return 1;
    }
    const lines = [
      keyCheck.status === 'absent'
        ? `The database has no key check value yet; the first server to start will adopt the key with fingerprint ${fingerprint}.`
        : keyCheck.status === 'current'
          ? `YES: the configured key (fingerprint ${fingerprint}) opens ${storage.description}.`
          : `YES, through LANGFLOW_SECRET_KEY_PREVIOUS: the database's key check is still under the previous key. Finish the change with \`npx flowgate secret-key rotate\` (same settings).`,
      `Values: ${counts.current} under the current key, ${counts.previous} under the previous key, ${counts.plaintext} plaintext Generic, ${counts.unreadable} unreadable.`,
    ];
    printLine(io, lines.join('\n'));
    return counts.unreadable === 0 ? 0 : 1;
  } catch (error) {
    printError(io, `Cannot check ${storage.description}: ${describeFailure(error)}`);
    return 1;
  } finally {
    await storage.close();
  }
}

/** The key a server would use, without ever generating one (there is nothing to rotate then). */
function findCurrentKey(config: Config, envFile: string | undefined): CurrentKey | undefined {
  if (config.secretKey) {
    const inFile = envFile && Object.keys(readEnvFile(envFile)).some((k) => k.toUpperCase() === 'LANGFLOW_SECRET_KEY');
    return { secretKey: config.secretKey, source: { kind: 'env', where: inFile ? `the env file ${envFile}` : 'the environment' } };
  }
  const file = path.join(config.configDir, SECRET_KEY_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    return { secretKey: loadSecretKey(config).secretKey, source: { kind: 'file', file } };
  } catch (error) {
    // An unreadable or empty key file: one clear line, exit 2 (as at start-up).
    if (error instanceof KeyMaterialError) throw new CliUsageError(error.message);
    throw error;
  }
}

function noKey(config: Config, io: CliIo): number {
  printError(io, noSecretKeyMessage(config));
  return 1;
}

function assertUsableNewKey(key: string): void {
  if (/[\r\n]/.test(key) || key.trim() !== key) throw new CliUsageError('--new-key must not contain line breaks or surrounding spaces.');
  if ([...key].length < MIN_NEW_KEY_CODE_POINTS) {
    throw new CliUsageError(
      `--new-key must be at least ${MIN_NEW_KEY_CODE_POINTS} characters; generate one with: ` +
        `python3 -c "from secrets import token_urlsafe; print(token_urlsafe(32))"`,
    );
  }
}

/** Writes the new key next to the key file (0600, never over an existing file); renamed into place after COMMIT. */
function stageKeyFile(file: string, key: string): string {
  const staged = `${file}.new-${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(staged, key, { mode: 0o600, flag: 'wx' });
  return staged;
}

function describeFailure(error: unknown): string {
  if (error instanceof RotationError || error instanceof KeyMaterialError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return /no such table|does not exist/.test(message) ? `${message} (is this a Flowgate database? run \`npx flowgate migrate\` first)` : message;
}

function printNextSteps(
  io: CliIo,
  config: Config,
  current: CurrentKey,
  newKey: string,
  generated: boolean,
  keyChanges: boolean,
  file: string | undefined,
): void {
  if (!keyChanges) {
    printLine(io, 
      config.secretKeyPrevious
        ? `Every value is now under the configured key (fingerprint ${keyFingerprint(newKey)}). Remove LANGFLOW_SECRET_KEY_PREVIOUS and restart the instances.`
        : `Every value is under the configured key (fingerprint ${keyFingerprint(newKey)}); the key did not change. ` +
            'To move to another key, set LANGFLOW_SECRET_KEY_PREVIOUS to this key and LANGFLOW_SECRET_KEY to the new one, then run this again (or pass --new-key).',
    );
    return;
  }
  if (generated) {
    printLine(io, `\nThe new secret key (shown only this once; keep it safe):\n\n  ${newKey}\n`);
  }
  if (file) {
    printLine(io, `${file} now holds the new key (fingerprint ${keyFingerprint(newKey)}). Restart the server.`);
  } else if (current.source.kind === 'env') {
    printLine(io, 
      `\n!!! LANGFLOW_SECRET_KEY comes from ${current.source.where}: set it to the new key on EVERY instance now. ` +
        'Until then the servers cannot decrypt the stored credentials, and a server started with the old key refuses to start. ' +
        'For a change without downtime, see docs/secrets.md (LANGFLOW_SECRET_KEY_PREVIOUS). !!!',
    );
  }
  printLine(io, 
    config.algorithm === 'HS256'
      ? 'Sign-in sessions end when the servers restart with the new key (the token key derives from it); API keys keep working.'
      : 'API keys and sign-in sessions keep working (tokens are signed with the key pair, which rotation does not touch).',
  );
}
