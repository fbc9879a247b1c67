// What serving does not need is not loaded (memory and start-up time, issue 12): on SQLite the
// PostgreSQL driver stays unloaded, and the API docs' plugins (@fastify/swagger, Swagger UI) and
// @fastify/static (with --backend-only) wait for their first use. The real CLI, as the tests
// bundle it, reports at exit which packages it loaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-lazy-'));
const REPORT = path.join(work, 'report-loaded.mjs');
fs.writeFileSync(
  REPORT,
  `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const files = Object.keys(cache);
  const loaded = (name) => files.some((file) => file.includes('/node_modules/' + name + '/'));
  process.stderr.write('LOADED ' + JSON.stringify({ pg: loaded('pg'), swagger: loaded('@fastify/swagger'), swaggerUi: loaded('@fastify/swagger-ui'), static: loaded('@fastify/static') }) + '\\n');
});
`,
);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Loaded { pg: boolean; swagger: boolean; swaggerUi: boolean; static: boolean }

/** Runs `flowgate run` on `databaseUrl`; `whileUp` gets its URL; resolves with what it loaded. */
async function serve(name: string, databaseUrl: string, whileUp?: (url: string) => Promise<void>): Promise<Loaded> {
  const env = { HOME: work, LANGFLOW_CONFIG_DIR: path.join(work, name), LANGFLOW_DATABASE_URL: databaseUrl };
  const cli = spawnCli(['run', '--port', '0', '--backend-only'], env, undefined, ['--import', REPORT]);
  if (whileUp) {
    const [, url] = await cli.waitFor(/running at (http:\/\/\S+)/, 30_000);
    await whileUp(url);
    await cli.stop();
  }
  const { output } = await cli.exited;
  const report = /LOADED (\{.*\})/.exec(output);
  expect(report, output).not.toBeNull();
  return JSON.parse(report![1]) as Loaded;
}

describe('lazy loading', () => {
  it('serving on SQLite loads neither pg nor the docs plugins nor @fastify/static', async () => {
    const loaded = await serve('idle', `sqlite:///${path.join(work, 'idle.db')}`, async (url) => {
      expect((await fetch(`${url}/health`)).status).toBe(200);
    });
    expect(loaded).toEqual({ pg: false, swagger: false, swaggerUi: false, static: false });
  });

  it('the first request for the docs loads their plugins', async () => {
    const loaded = await serve('docs', `sqlite:///${path.join(work, 'docs.db')}`, async (url) => {
      expect((await fetch(`${url}/docs`)).status).toBe(200);
    });
    expect(loaded).toMatchObject({ pg: false, swagger: true, swaggerUi: true });
  });

  it('a PostgreSQL database URL loads pg', async () => {
    // Nothing listens on port 1: the server gives up and exits, having loaded the driver.
    const loaded = await serve('postgres', 'postgresql://nobody@127.0.0.1:1/none');
    expect(loaded.pg).toBe(true);
  });
});
