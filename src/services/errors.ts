// The one error vocabulary of the services. Each error carries the HTTP status and the
// stable, Langflow-compatible message; http/error-handler.ts is the only place that turns
// them into responses. `detail` may be a string or, as Langflow does in a few places, an object.

export class AppError extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: unknown, headers: Record<string, string> = {}) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }
}

export class BadRequestError extends AppError {
  constructor(detail: unknown) {
    super(400, detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string, headers: Record<string, string> = {}) {
    super(401, detail, headers);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, detail);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, detail, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

/** A FastAPI-style validation error: 422 with `[{type, loc, msg, input}]`. */
export class ValidationError extends AppError {
  constructor(items: { type: string; loc: (string | number)[]; msg: string; input: unknown }[]) {
    super(422, items);
  }
}

// Messages that several services share, spelled once, as Langflow spells them.
export const Messages = {
  couldNotValidate: 'Could not validate credentials',
  tokenInvalid: 'Token is invalid.',
  userNotFoundOrInactive: 'User not found or is inactive.',
  inactiveUser: 'Inactive user',
  invalidApiKey: 'Invalid or missing API key',
  missingApiKey: 'An API key must be passed as query or header',
  autoLoginNeedsApiKey:
    'Since v1.5, LANGFLOW_AUTO_LOGIN requires a valid API key. Set LANGFLOW_SKIP_AUTH_AUTO_LOGIN=true to skip this check. Please note: This is a temporary measure and will be removed in a future version.',
  notEnoughPrivileges: "The user doesn't have enough privileges",
  crossOrigin: 'Cross-origin request refused',
  webhookNeedsApiKey: 'API key required when webhook authentication is enabled',
} as const;
