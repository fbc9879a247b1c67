// Route schemas compiled on a route's first request instead of at start (issue 12, start time):
// compiling every route's validators and serializers was most of a server's start, for routes
// a given instance may never serve. The compiled function is kept: the second request costs
// what it cost before. See validator.ts for the compilers themselves.
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

/** What Fastify calls to validate one part of a request (an Ajv function's shape). */
export interface ValidatorFunction {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown;
  /** Ajv's marker: Fastify then passes the parent object, so Ajv may replace a root value. */
  schemaEnv?: unknown;
}

export type Serializer = (data: unknown) => string;

export function lazyValidator(compile: () => ValidatorFunction): ValidatorFunction {
  let compiled: ValidatorFunction | undefined;
  const validate: ValidatorFunction = (data, context) => {
    compiled ??= compile();
    const result = compiled(data, context);
    validate.errors = compiled.errors;
    return result;
  };
  // Every validator here is Ajv's: keep the parent-object call so defaults and coercion of a
  // root value still reach the request.
  validate.schemaEnv = true;
  return validate;
}

export function lazySerializer(build: () => Serializer): Serializer {
  let serialize: Serializer | undefined;
  return (data) => (serialize ??= build())(data);
}

/**
 * For Fastify's constructor. Given here rather than set after it, so Fastify never loads its
 * default compilers (@fastify/ajv-compiler, @fastify/fast-json-stringify-compiler) at start.
 */
export function lazySchemaController(
  validatorCompiler: FastifySchemaCompiler<unknown>,
  serializerCompiler: (route: { schema: unknown }) => Serializer,
): FastifyServerOptions['schemaController'] {
  return { compilersFactory: { buildValidator: (() => validatorCompiler) as never, buildSerializer: (() => serializerCompiler) as never } };
}
