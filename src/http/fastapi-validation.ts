// Turns Ajv's validation errors into FastAPI's 422 items `{type, loc, msg, input}` so that
// Langflow clients that read `detail[0].msg` or `loc` keep working.
import type { FastifySchemaValidationError } from 'fastify';

export interface FastApiErrorItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

const LOCATION: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

export function toFastApiErrors(
  errors: FastifySchemaValidationError[],
  context: string,
  input: unknown,
): FastApiErrorItem[] {
  return errors.map((error) => {
    const path = error.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required') path.push(String(params.missingProperty));
    const value = path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as any)[key] : undefined), input);
    const [type, msg] = describe(error.keyword, params, error.message);
    const loc = [LOCATION[context] ?? context, ...path];
    const echoed = error.keyword === 'required' ? input ?? null : value ?? null;
    return { type, loc, msg, input: isSecretName(loc.at(-1)) ? REDACTED : redactSecrets(echoed) };
  });
}

// FastAPI echoes the rejected input; Flowgate never repeats a secret, even in a 422.
const REDACTED = '**********';
const SECRET_NAME = /password|secret|token|api_?key|^value$/i;

function isSecretName(name: unknown): boolean {
  return typeof name === 'string' && SECRET_NAME.test(name);
}

// Depth-limited: the echoed input never needs more, and a deep body must not overflow the stack.
function redactSecrets(input: unknown, depth = 0): unknown {
  if (typeof input !== 'object' || input === null) return input;
  if (depth >= 32) return '...';
  if (Array.isArray(input)) return input.map((v) => redactSecrets(v, depth + 1));
  return Object.fromEntries(Object.entries(input).map(([key, v]) => [key, isSecretName(key) ? REDACTED : redactSecrets(v, depth + 1)]));
}

function describe(keyword: string, params: Record<string, unknown>, message = ''): [string, string] {
  switch (keyword) {
    case 'required':
      return ['missing', 'Field required'];
    case 'format':
      return params.format === 'uuid' ? ['uuid_parsing', 'Input should be a valid UUID'] : ['value_error', `Input should be a valid ${params.format}`];
    case 'type':
      return typeError(String(params.type));
    case 'maxLength':
      return ['string_too_long', `String should have at most ${params.limit} characters`];
    case 'minLength':
      return ['string_too_short', `String should have at least ${params.limit} characters`];
    case 'enum':
    case 'const':
    case 'anyOf':
      return ['enum', `Input should be ${message || 'one of the allowed values'}`];
    case 'minimum':
      return ['greater_than_equal', `Input should be greater than or equal to ${params.limit}`];
    case 'maximum':
      return ['less_than_equal', `Input should be less than or equal to ${params.limit}`];
    case 'additionalProperties':
      return ['extra_forbidden', 'Extra inputs are not permitted'];
    default:
      return ['value_error', message || 'Invalid value'];
  }
}

function typeError(type: string): [string, string] {
  if (type.startsWith('integer')) return ['int_parsing', 'Input should be a valid integer'];
  if (type.startsWith('number')) return ['float_parsing', 'Input should be a valid number'];
  if (type.startsWith('boolean')) return ['bool_parsing', 'Input should be a valid boolean'];
  if (type.startsWith('string')) return ['string_type', 'Input should be a valid string'];
  if (type.startsWith('array')) return ['list_type', 'Input should be a valid list'];
  if (type.startsWith('object')) return ['dict_type', 'Input should be a valid dictionary'];
  return ['type_error', `Input should be of type ${type}`];
}
