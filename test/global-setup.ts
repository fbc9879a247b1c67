// Runs once before any test file: transpiles src/ to JavaScript (esbuild, well under a second)
// so that tests which need a real process start `node` on plain JavaScript instead of compiling
// TypeScript in every child (tsx added about a second to each of a hundred process starts).
// Always rebuilt, so a child process never runs stale code.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { dropLeftoverDatabases } from './helpers/databases.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI_BUILD_DIR = path.join(ROOT, 'test-artifacts', 'build');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  fs.rmSync(CLI_BUILD_DIR, { recursive: true, force: true });
  await build({
    entryPoints: sourceFiles(path.join(ROOT, 'src')),
    outdir: path.join(CLI_BUILD_DIR, 'src'),
    outbase: path.join(ROOT, 'src'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return dropLeftoverDatabases;
}
