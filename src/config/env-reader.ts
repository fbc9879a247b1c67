// Reads LANGFLOW_* variables by name, case-insensitively, the env file before the process
// environment, and collects a ConfigProblem for every value it cannot accept.

import type { ConfigProblem } from './config-error.js';
import {
  BOOLEAN_ALLOWED,
  parseBoolean,
  parseChoice,
  parseList,
  parseWholeNumber,
  wholeNumberAllowed,
} from './value-parsers.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Upper-cased name → value. The exact upper-case spelling wins over other spellings. */
export function indexCaseInsensitive(source: Env): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (!index.has(upper) || key === upper) index.set(upper, value);
  }
  return index;
}

export class Reader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly fromFile: Map<string, string>,
    private readonly fromProcess: Map<string, string>,
  ) {}

  /** The raw value of `LANGFLOW_<name>`: the env file first, then the process environment. */
  raw(name: string): string | undefined {
    const key = `LANGFLOW_${name}`;
    return this.fromFile.get(key) ?? this.fromProcess.get(key);
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  problem(name: string, value: string, allowed: string): void {
    this.problems.push({ variable: name.startsWith('-') ? name : `LANGFLOW_${name}`, value, allowed });
  }

  /** Free text: unset or empty (after trimming) is undefined. Secrets are kept byte for byte. */
  text(name: string, options: { trim?: boolean } = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value.trim() === '') return undefined;
    return options.trim === false ? value : value.trim();
  }

  optionalBool(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = parseBoolean(value);
    if (parsed === undefined) this.problem(name, value, BOOLEAN_ALLOWED);
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    return this.optionalBool(name) ?? fallback;
  }

  int(name: string, fallback: number, max: number = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseWholeNumber(value, 1, max);
    if (parsed === undefined) {
      this.problem(name, value, wholeNumberAllowed(1, max));
      return fallback;
    }
    return parsed;
  }

  oneOf<T extends string>(
    name: string,
    fallback: T,
    allowed: readonly T[],
    normalize: (value: string) => string,
    aliases: Readonly<Record<string, T>> = {},
  ): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseChoice(value, allowed, normalize, aliases);
    if (parsed === undefined) {
      this.problem(name, value, `one of ${allowed.join(', ')}`);
      return fallback;
    }
    return parsed;
  }

  /** A comma-separated list or a JSON array of strings; unset → undefined, empty → []. */
  list(name: string): { raw: string; items: string[] } | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const items = parseList(value);
    if (items === undefined) {
      this.problem(name, value, 'a comma-separated list or a JSON array of strings');
      return { raw: value, items: [] };
    }
    return { raw: value, items };
  }
}
