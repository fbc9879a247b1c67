import os from 'node:os';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a two-core CI
    // machine, which then idles while a test waits on a server, PostgreSQL or Chromium. The tests
    // spend about a third of their time waiting, so one worker more than the cores. Measured with
    // `.ci/run` on the two-core CI machine, quiet: 2 workers 180 s, 3 workers 162 s, 4 workers
    // 169 s (each worker imports the server once more).
    maxWorkers: os.availableParallelism() + 1,
    // Test files share a worker's module cache: importing the server once per worker instead of
    // once per file saves about a third of the suite's CPU. It is safe because nothing in src/
    // keeps mutable module-level state (instance state lives in AppDeps): keep it that way.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition; its default second is too short on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }], new SummaryReporter()],
  },
});
