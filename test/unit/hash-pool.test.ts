import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { HashQueueFullError, PasswordHasher } from '../../src/services/auth/password-hashing.js';

describe('password hashing under a bound', () => {
  it('runs at most `threads` at once, queues up to `queue`, refuses beyond with 503 + Retry-After', async () => {
    const hasher = new PasswordHasher(1, 2);
    let maxRunning = 0;
    const watch = setInterval(() => (maxRunning = Math.max(maxRunning, hasher.stats.running)), 1);
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => hasher.hash(`password-${i}`)));
    clearInterval(watch);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toBeInstanceOf(HashQueueFullError);
      expect(error).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    }
    expect(maxRunning).toBe(1);
    expect(hasher.stats).toEqual({ running: 0, waiting: 0 });
    // Freed slots are reused: the verifications pass after the storm.
    const stored = (results[0] as PromiseFulfilledResult<string>).value;
    expect(await hasher.verify('password-0', stored)).toEqual({ ok: true, needsRehash: false });
    expect((await hasher.verify('wrong', stored)).ok).toBe(false);
  });

  it('a failing task frees its slot', async () => {
    const hasher = new PasswordHasher(1, 0);
    expect((await hasher.verify('x', 'not a hash')).ok).toBe(false);
    expect(hasher.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('is configured by LANGFLOW_PASSWORD_HASH_THREADS / _QUEUE, default cores − 1 (at least 1) and 32', () => {
    const base = { LANGFLOW_CONFIG_DIR: '/tmp/flowgate-hash-pool-test' };
    const defaults = parseConfig(base);
    expect(defaults.passwordHashThreads).toBeGreaterThanOrEqual(1);
    expect(defaults.passwordHashQueue).toBe(32);
    expect(parseConfig({ ...base, LANGFLOW_PASSWORD_HASH_THREADS: '3', LANGFLOW_PASSWORD_HASH_QUEUE: '7' })).toMatchObject({ passwordHashThreads: 3, passwordHashQueue: 7 });
    expect(() => parseConfig({ ...base, LANGFLOW_PASSWORD_HASH_THREADS: '0' })).toThrow(/LANGFLOW_PASSWORD_HASH_THREADS/);
  });
});
