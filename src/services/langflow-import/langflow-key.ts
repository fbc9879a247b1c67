// Langflow's secret key: from --langflow-secret-key or the `secret_key` file of Langflow's config
// dir. Its Fernet key is derived exactly as Langflow 1.8 derives it (auth/secret-key.ts), so
// everything Langflow encrypted opens here.
import fs from 'node:fs';
import path from 'node:path';
import { Fernet } from '../../auth/fernet.js';
import { deriveFernetKey } from '../../auth/secret-key.js';
import { ImportError } from './import-errors.js';

export interface LangflowKeyOptions {
  secretKey?: string;
  configDir?: string;
}

/** Opens Langflow's ciphertexts; `undefined` when no key was given. */
export class LangflowKey {
  private readonly fernet: Fernet;

  constructor(secretKey: string) {
    this.fernet = new Fernet(deriveFernetKey(secretKey).fernetKey);
  }

  /** The plaintext, or undefined when this key does not open `token`. */
  open(token: string): string | undefined {
    return this.fernet.tryDecryptString(token);
  }
}

export function loadLangflowKey(options: LangflowKeyOptions): LangflowKey | undefined {
  if (options.secretKey !== undefined) {
    if (options.secretKey === '') throw new ImportError('--langflow-secret-key is empty.');
    return new LangflowKey(options.secretKey);
  }
  if (options.configDir === undefined) return undefined;
  const file = path.join(options.configDir, 'secret_key');
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new ImportError(`Cannot read Langflow's secret key from ${file} (${code}).`);
  }
  const key = content.trim();
  if (key === '') throw new ImportError(`Langflow's secret key file ${file} is empty.`);
  return new LangflowKey(key);
}
