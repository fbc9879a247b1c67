// The test command's closing line counts an error thrown outside any test as a failure: such a
// run fails, so the line must never say "0 failed" for it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

it('counts an error outside any test as a failure, and vitest exits non-zero', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-summary-')), 'summary.json');
  const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.config.ts'], {
    cwd: path.join(ROOT, 'test/fixtures/runner'),
    env: { ...process.env, SUMMARY_OUT: out, CI: 'true' },
    encoding: 'utf8',
  });
  expect(result.status).not.toBe(0);
  const summary = JSON.parse(fs.readFileSync(out, 'utf8'));
  expect(summary).toMatchObject({ passed: 1, failed: 0, skipped: 1, unhandledErrors: 1 });
  expect(summary.unhandledMessages[0]).toContain('thrown outside any test');
}, 60_000);
