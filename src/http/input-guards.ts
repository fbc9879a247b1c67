// Input every route refuses before validation sees it (after the guard): a NUL character in any
// text (PostgreSQL cannot store it and answered 500), and JSON nested deeper than any real
// request (a 10,000-deep body overflowed the stack in recursive walks). Walks are iterative.
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../services/errors.js';

export const MAX_INPUT_DEPTH = 200;

type Part = 'body' | 'query' | 'path';

export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    check(request.body, 'body');
    check(request.query, 'query');
    check(request.params, 'path');
  });
}

function check(root: unknown, part: Part): void {
  const stack: { value: unknown; depth: number; loc: (string | number)[] }[] = [{ value: root, depth: 0, loc: [part] }];
  while (stack.length > 0) {
    const { value, depth, loc } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw refuse(loc, 'Text must not contain NUL characters');
      continue;
    }
    if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_INPUT_DEPTH) throw refuse(loc.slice(0, 3), `Input is nested more than ${MAX_INPUT_DEPTH} levels deep`);
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && key.includes('\u0000')) throw refuse(loc, 'Text must not contain NUL characters');
      // Only the first levels of the location are kept: it is echoed back.
      stack.push({ value: child, depth: depth + 1, loc: loc.length < 4 ? [...loc, key] : loc });
    }
  }
}

function refuse(loc: (string | number)[], msg: string): ValidationError {
  return new ValidationError([{ type: 'value_error', loc, msg, input: null }]);
}
