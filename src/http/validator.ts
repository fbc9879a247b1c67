// Route schemas compile once per process, not once per app. Two Ajv instances: query strings,
// paths and headers are text, so they are coerced to the schema's types (as FastAPI does); JSON
// bodies are not, so a number sent for a string is a 422 rather than silently becoming "123".
//
// Compiling ~200 route schemas (validators and fast-json-stringify serializers) cost ~500 ms of
// CPU for every app built; a process that builds several apps (tests, the CLI, restarts) paid it
// each time. The compiled functions are pure, and the schemas are the routes' constants, so a
// process-wide memo keyed by the schema's JSON is safe and bounded by the number of routes.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';

type Serializer = (data: unknown) => string;

function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv.default({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats.default(ajv, ['uuid', 'date-time', 'email', 'uri']);
  return ajv;
}

let compilers: { bodyAjv: Ajv.default; textAjv: Ajv.default; validators: Map<string, ValidateFunction>; serializers: Map<string, Serializer> } | undefined;

function shared() {
  compilers ??= { bodyAjv: makeAjv(false), textAjv: makeAjv('array'), validators: new Map(), serializers: new Map() };
  return compilers;
}

function memo<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

export function installValidator(app: FastifyInstance): void {
  const { bodyAjv, textAjv, validators, serializers } = shared();
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const isBody = httpPart === 'body';
    const key = `${isBody ? 'body' : 'text'}:${JSON.stringify(schema)}`;
    return memo(validators, key, () => (isBody ? bodyAjv : textAjv).compile(schema));
  });
  app.setSerializerCompiler(({ schema }) => memo(serializers, JSON.stringify(schema), () => fastJsonStringify(schema) as Serializer));
}
