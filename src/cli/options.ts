// Shared option parsing: every command accepts --env-file, and reads the configuration once.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config-types.js';
import { readEnvFile } from '../config/env-file.js';
import { parseConfig } from '../config/parse-config.js';
import { CliUsageError, type Environment } from './cli-types.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { 'env-file': { type: 'string' }, ...options }, allowPositionals: false, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

export function loadConfig(
  env: Environment,
  envFile: string | undefined,
  cli: { host?: string; port?: number; logLevel?: string; backendOnly?: boolean } = {},
): Config {
  return parseConfig(env, { ...cli, envFile: envFile ? readEnvFile(envFile) : undefined });
}
