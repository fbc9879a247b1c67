// Input every route refuses before validation sees it (after the guard): a NUL character in any
// text (PostgreSQL cannot store it and answered 500), and JSON nested deeper than any real
// request (a 10,000-deep body overflowed the stack in recursive walks). Walks are iterative.
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../services/errors.js';

export const MAX_INPUT_DEPTH = 200;

type Part = 'body' | 'query' | 'path';

export function installInputGuards(app: FastifyInstance): void {
  // A callback hook: no promise per request.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      if (!isClean(request.body, 0)) check(request.body, 'body');
      if (!isClean(request.query, 0)) check(request.query, 'query');
      if (!isClean(request.params, 0)) check(request.params, 'path');
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

// The common case, clean input, walked without allocating anything per node; only a refused input
// is walked again by check() to say where. Recursion is bounded by MAX_INPUT_DEPTH, so it cannot
// overflow the stack.
function isClean(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return true;
  if (depth >= MAX_INPUT_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isClean(value[i], depth + 1)) return false;
    return true;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key.includes('\u0000') || !isClean(object[key], depth + 1)) return false;
  }
  return true;
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
