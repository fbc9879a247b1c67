// Conditions that stop start-up with a clear message and exit code 2 (no stack trace).
export class StartupError extends Error {
  readonly exitCode = 2;
}
