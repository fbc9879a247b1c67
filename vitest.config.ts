import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Test files share a worker's module cache: importing the server once per worker instead of
    // once per file saves about a third of the suite's CPU. It is safe because nothing in src/
    // keeps mutable module-level state (instance state lives in AppDeps): keep it that way.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }], new SummaryReporter()],
  },
});
