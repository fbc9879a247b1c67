// What start-up says when the configured secret key cannot open a database that holds encrypted
// data: which database, which key file, both fingerprints, and the exact command that moves the
// data to the configured key.
import fs from 'node:fs';
import { keyFingerprint } from '../../auth/secret-key.js';
import type { Config } from '../../config/config-types.js';

export interface KeyMismatch {
  config: Config;
  database: string;
  keyFile: string;
  /** Where the configured key came from. */
  source: 'env' | 'file' | 'generated';
  envFile: string | undefined;
  storedFingerprint: string;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The fingerprint of the key in `file`, or undefined when there is none to read. */
export function fileFingerprint(file: string): string | undefined {
  try {
    const key = fs.readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
    return key ? keyFingerprint(key) : undefined;
  } catch {
    return undefined;
  }
}

export function keyMismatchMessage(m: KeyMismatch): string {
  const envFileArg = m.envFile ? ` --env-file ${shellQuote(m.envFile)}` : '';
  const old = m.storedFingerprint;
  const lines = [`The secret key cannot decrypt the data in ${m.database}: it was written with the key whose fingerprint is ${old}.`];
  if (m.source === 'env') {
    const given = keyFingerprint(m.config.secretKey!);
    const fromFile = fileFingerprint(m.keyFile);
    lines.push(`The configured LANGFLOW_SECRET_KEY${m.envFile ? ` (from ${m.envFile} or the environment)` : ''} has the fingerprint ${given}.`);
    if (fromFile === old) {
      lines.push(
        `The key file ${m.keyFile} holds the key that wrote the data. To keep the data and move it to the configured key, run:`,
        '',
        `  LANGFLOW_SECRET_KEY_PREVIOUS="$(cat ${shellQuote(m.keyFile)})" npx flowgate secret-key rotate${envFileArg}`,
        '',
        `then start again. (Or remove LANGFLOW_SECRET_KEY to go on with the key in ${m.keyFile}.)`,
      );
    } else {
      lines.push(
        `${fromFile ? `The key file ${m.keyFile} has the fingerprint ${fromFile}, not that one either. ` : `There is no key file ${m.keyFile}. `}` +
          `Find the key with the fingerprint ${old}, then either set LANGFLOW_SECRET_KEY back to it, or move the data to the configured key with:`,
        '',
        `  LANGFLOW_SECRET_KEY_PREVIOUS='<the key with fingerprint ${old}>' npx flowgate secret-key rotate${envFileArg}`,
      );
    }
  } else {
    lines.push(
      `The key file ${m.keyFile} holds a key with the fingerprint ${fileFingerprint(m.keyFile) ?? '(unreadable)'}. ` +
        `Set LANGFLOW_SECRET_KEY to the key with the fingerprint ${old}, or move the data to the key in the file with:`,
      '',
      `  LANGFLOW_SECRET_KEY_PREVIOUS='<the key with fingerprint ${old}>' npx flowgate secret-key rotate --new-key "$(cat ${shellQuote(m.keyFile)})"${envFileArg}`,
    );
  }
  return lines.join('\n');
}
