// Reads a `--env-file` (dotenv syntax) with Node's own parser. Its values are handed to
// parseConfig, which lets them override the process environment, as Langflow does.

import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error.js';

/**
 * Parses the dotenv file at `path` (`KEY=value`, quotes, `export KEY=…`, `#` comments).
 * A file that cannot be read (missing, a directory, no permission) throws a ConfigError whose
 * single problem names `--env-file`, the path and the reason.
 */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'an existing file (no such file)'
        : code === 'EISDIR'
          ? 'a file (this is a directory)'
          : code === 'EACCES' || code === 'EPERM'
            ? 'a readable file (permission denied)'
            : `a readable file (${code ?? String(error)})`;
    throw new ConfigError([{ variable: '--env-file', value: path, allowed: reason }]);
  }
  // A UTF-8 byte-order mark would otherwise become part of the first variable's name.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseEnv(text);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
