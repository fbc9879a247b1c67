import { defineConfig } from 'vitest/config';

// `npm run test:langflow-ui`: the walk through Langflow's own web UI (test/langflow-ui/). Not
// part of `npm test` or CI: building Langflow's frontend takes minutes the first time.
export default defineConfig({
  test: {
    include: ['test/langflow-ui/**/*.walk.ts'],
    pool: 'forks',
    testTimeout: 5 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
