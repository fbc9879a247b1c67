// Pure helpers for single configuration values. Each parser returns undefined for a value it
// does not accept; the caller records the problem (see env-reader.ts).

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);
export const BOOLEAN_ALLOWED = 'a boolean (true/false, 1/0, yes/no, any case)';

/** 100 years: far enough for any duration, close enough that `now + d` stays a valid Date. */
export const MAX_DURATION_SECONDS = 3_155_760_000;

export function parseBoolean(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

export function parseWholeNumber(value: string, min: number, max: number): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const number = Number(text);
  if (!Number.isSafeInteger(number) || number < min || number > max) return undefined;
  return number;
}

export function wholeNumberAllowed(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER
    ? `a positive whole number`
    : `a whole number from ${min} to ${max}`;
}

export function parseChoice<T extends string>(
  value: string,
  allowed: readonly T[],
  normalize: (value: string) => string,
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  const word = normalize(value.trim());
  if (Object.hasOwn(aliases, word)) return aliases[word];
  return (allowed as readonly string[]).includes(word) ? (word as T) : undefined;
}

export function parseList(value: string): string[] | undefined {
  const text = value.trim();
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return undefined;
    return (parsed as string[]).map((item) => item.trim()).filter((item) => item !== '');
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * A CORS origin as browsers send it: `scheme://host[:port]`, no path. A trailing `/` is
 * dropped; http(s) origins are normalised (lower-case host, default port removed).
 */
export function normalizeOrigin(origin: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+)\/?$/i.exec(origin);
  if (match === null) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(origin);
      if (url.username !== '' || url.password !== '') return undefined;
      return url.origin;
    } catch {
      return undefined;
    }
  }
  return `${scheme}://${match[2]}`;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export function isParseableUrl(url: string): boolean {
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}
