// ConfigError and the masking that keeps secrets out of it: every bad configuration value is
// reported through here, so this is the one place that decides what a message may show.

export interface ConfigProblem {
  /** `LANGFLOW_…` in upper case, or the CLI flag (`--port`, `--env-file`). */
  variable: string;
  /** The value as given ('' when the variable is missing); `*****` for secrets. */
  value: string;
  /** What would have been accepted. */
  allowed: string;
}

/** Variables whose values never appear in an error, a log or `Config.environment`. */
export const SECRET_VARIABLES: readonly string[] = Object.freeze([
  'LANGFLOW_SECRET_KEY',
  'LANGFLOW_SECRET_KEY_PREVIOUS',
  'LANGFLOW_SUPERUSER_PASSWORD',
  'LANGFLOW_API_KEY',
]);

/** Shown instead of a secret. */
export const MASK = '*****';

/** Replaces the password of a `scheme://user:password@host/…` URL with `*****`. */
export function maskUrlPassword(url: string): string {
  // Greedy up to the last '@': an unencoded '@', '/' or '#' in the password stays hidden too.
  return url.replace(/^([^:/?#]+:\/\/[^:@/?#]*:)(.*)(@[^@]*)$/s, `$1${MASK}$3`);
}

function maskProblem(problem: ConfigProblem): ConfigProblem {
  const variable = problem.variable.toUpperCase();
  if (SECRET_VARIABLES.includes(variable) && problem.value !== '') {
    return { ...problem, value: MASK };
  }
  if (variable === 'LANGFLOW_DATABASE_URL') {
    return { ...problem, value: maskUrlPassword(problem.value) };
  }
  return { ...problem };
}

function showValue(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1); // one line, control characters visible
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}

/** `LANGFLOW_X=value: expected …`, or `LANGFLOW_X (not set): expected …`. */
export function formatProblem(problem: ConfigProblem): string {
  const shown =
    problem.value === '' ? `${problem.variable} (not set)` : `${problem.variable}=${showValue(problem.value)}`;
  return `${shown}: expected ${problem.allowed}`;
}

/**
 * Every bad configuration value at once. Secrets are masked by the constructor itself, so a
 * ConfigError built anywhere can be logged as it is.
 */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const masked = problems.map(maskProblem);
    const header =
      masked.length === 1 ? 'Invalid configuration (1 problem):' : `Invalid configuration (${masked.length} problems):`;
    super([header, ...masked.map(formatProblem)].join('\n'));
    this.name = 'ConfigError';
    this.problems = masked;
  }
}

/** A secret pasted into the wrong variable must not be echoed either. */
export function scrubSecrets(problems: ConfigProblem[], secrets: (string | undefined)[]): ConfigProblem[] {
  const known = secrets.filter((s): s is string => s !== undefined && s.length >= 6);
  return problems.map((problem) => {
    let value = problem.value;
    for (const secret of known) value = value.split(secret).join(MASK);
    return { ...problem, value };
  });
}
