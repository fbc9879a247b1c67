// Two Ajv instances: query strings, paths and headers are text, so they are coerced to the
// schema's types (as FastAPI does); JSON bodies are not, so a number sent for a string is a
// 422 rather than silently becoming "123".
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv.default({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats.default(ajv, ['uuid', 'date-time', 'email', 'uri']);
  return ajv;
}

export function installValidator(app: FastifyInstance): void {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    return ajv.compile(schema);
  });
}
