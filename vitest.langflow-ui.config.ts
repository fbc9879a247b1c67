import { defineConfig } from 'vitest/config';

// `npm run test:langflow-ui`: the walk through Langflow's own web UI (test/langflow-ui/). Not
// part of `npm test` or CI: building Langflow's frontend takes minutes the first time.
export default defineConfig({
  test: {
    include: ['test/langflow-ui/**/*.walk.ts'],
    pool: 'forks',
    testTimeout: 5 * 60_000,
    hookTimeout: 20 * 60_000,
    // expect.poll waits for a condition; its default second is far too short for Langflow's UI
    // on a loaded machine. The same 20 s as the walk's browser waits.
    expect: { poll: { timeout: 20_000 } },
  },
});
