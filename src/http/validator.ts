// Route schemas: compiled on a route's first request, and once per process, not once per app.
// Two Ajv instances: query strings, paths and headers are text, so they are coerced to the
// schema's types (as FastAPI does); JSON bodies are not, so a number sent for a string is a
// 422 rather than silently becoming "123".
//
// Compiling ~200 route schemas (validators and fast-json-stringify serializers) cost ~500 ms of
// CPU for every app built: most of a server's start (issue 12), and paid again by a process that
// builds several apps (tests, the CLI, restarts). So nothing is compiled at start (lazy-compilers.ts)
// and each compiled function is kept process-wide, keyed by the schema's JSON: they are pure, and
// the schemas are the routes' constants, so the memo is bounded by the number of routes.
// Ajv and fast-json-stringify themselves are loaded on the first compile (synchronously: it
// happens inside a request, hence require).
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type AddFormats from 'ajv-formats';
import type FastJsonStringify from 'fast-json-stringify';
import type { FastifySchemaCompiler } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import { lazySerializer, lazyValidator, type Serializer, type ValidatorFunction } from './lazy-compilers.js';

type Ajv = AjvModule.default;
const require = createRequire(import.meta.url);

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const Ajv = require('ajv') as typeof AjvModule;
  const addFormats = require('ajv-formats') as typeof AddFormats;
  const ajv = new Ajv.default({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats.default(ajv, ['uuid', 'date-time', 'email', 'uri']);
  return ajv;
}

let bodyAjv: Ajv | undefined;
let textAjv: Ajv | undefined;
const validators = new Map<string, ValidatorFunction>();
const serializers = new Map<string, Serializer>();

function memo<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

/** Validates one part of a request; its schema is compiled on the first request. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const isBody = httpPart === 'body';
  return lazyValidator(() =>
    memo(validators, `${isBody ? 'body' : 'text'}:${JSON.stringify(schema)}`, () => {
      const ajv = isBody ? (bodyAjv ??= makeAjv(false)) : (textAjv ??= makeAjv('array'));
      return ajv.compile(schema as object) as ValidatorFunction;
    }),
  ) as FastifyValidationResult;
};

/** Serializes one response schema's answers; built on the first answer. */
export const serializerCompiler = ({ schema }: { schema: unknown }): Serializer =>
  lazySerializer(() =>
    memo(serializers, JSON.stringify(schema), () => (require('fast-json-stringify') as typeof FastJsonStringify)(schema as object) as Serializer),
  );
