#!/usr/bin/env node
// The server as one JavaScript file: src/main.ts and everything it imports from src/, bundled by
// esbuild; packages stay in node_modules. One file instead of ~280 modules to find, read and
// link made the start about a tenth faster on a two-core machine (issue 12, bench row 7).
// `npm run build` writes dist/src/main.js (what bin/flowgate.js and the Dockerfile start); the
// tests and the benchmark bundle the same way into their own folders.
// Run: node scripts/bundle-server.mjs [outfile=dist/src/main.js]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the bundle to `outfile`; `sourcemap` inlines a source map (for the tests' stack traces). */
export async function bundleServer(outfile, { sourcemap = false } = {}) {
  await build({
    entryPoints: [path.join(ROOT, 'src', 'main.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: sourcemap ? 'inline' : false,
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleServer(path.resolve(ROOT, process.argv[2] ?? 'dist/src/main.js'));
}
