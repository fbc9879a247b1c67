// The engine's errors. The engine is a leaf layer, so these do not extend the services'
// AppError; each carries the HTTP status the caller should answer with (`status`) and a
// message that is safe to show: it names components (display name and id), fields and
// variable names, never a variable's value.

/** The flow cannot be built: bad shape, cycle, dangling edge, missing required input. → 400 */
export class FlowBuildError extends Error {
  readonly status: number = 400;
  /** The id of the component at fault, when there is one. */
  readonly componentId: string | undefined;

  constructor(message: string, componentId?: string) {
    super(message);
    this.name = 'FlowBuildError';
    this.componentId = componentId;
  }
}

/** A node whose type the engine has no component for. → 400 */
export class UnknownComponentError extends FlowBuildError {
  readonly componentType: string;

  constructor(componentType: string, componentLabel: string, componentId?: string) {
    super(`Unknown component type "${componentType}" in ${componentLabel}`, componentId);
    this.name = 'UnknownComponentError';
    this.componentType = componentType;
  }
}

/** A `load_from_db` field names a global variable the caller could not supply. → 400 */
export class MissingVariableError extends Error {
  readonly status: number = 400;
  readonly variableName: string;
  readonly componentId: string | undefined;

  constructor(variableName: string, where?: { componentLabel: string; componentId: string; field: string }) {
    super(
      where
        ? `${variableName} variable not found (needed by field "${where.field}" of ${where.componentLabel})`
        : `${variableName} variable not found`,
    );
    this.name = 'MissingVariableError';
    this.variableName = variableName;
    this.componentId = where?.componentId;
  }
}

/** The run took longer than its time limit. → 504 */
export class FlowTimeoutError extends Error {
  readonly status: number = 504;
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`The flow did not finish within ${timeoutMs} ms`);
    this.name = 'FlowTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A component could not do its work for a reason the caller can act on (a URL refused by the
 * SSRF guard, a page that could not be fetched, a file that cannot be read, a missing API key,
 * a provider refusing the key): 400; a model provider failing: 502. The message is value-free.
 */
export class ComponentRunError extends Error {
  readonly status: number;
  readonly componentId: string | undefined;

  constructor(message: string, componentId?: string, status = 400) {
    super(message);
    this.name = 'ComponentRunError';
    this.status = status;
    this.componentId = componentId;
  }
}
