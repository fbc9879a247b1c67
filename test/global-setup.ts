// Runs once before any test file: bundles the server to JavaScript as `npm run build` does
// (scripts/bundle-server.mjs, esbuild, about a second) so that tests which need a real process
// start `node` on what ships instead of compiling TypeScript in every child (tsx added about a
// second to each of a hundred process starts). Always rebuilt, so a child process never runs
// stale code.
import fs from 'node:fs';
import path from 'node:path';
import { bundleServer } from '../scripts/bundle-server.mjs';
import { dropLeftoverDatabases } from './helpers/databases.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI_BUILD_DIR = path.join(ROOT, 'test-artifacts', 'build');

export default async function setup(): Promise<() => Promise<void>> {
  fs.rmSync(CLI_BUILD_DIR, { recursive: true, force: true });
  await bundleServer(path.join(CLI_BUILD_DIR, 'src', 'main.js'), { sourcemap: true });
  return dropLeftoverDatabases;
}
