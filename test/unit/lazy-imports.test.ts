// What serving does not need at start is loaded on first use (start-up time and idle memory,
// issue 12): no static import chain from the process entry may reach these libraries. Each
// one is behind a dynamic import() in the one module that uses it.
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Loaded on first use: model SDKs, MCP SDK, document and page parsers, outbound HTTP, a terminal's
 * log format, PostgreSQL, RS256 tokens (jose), bcrypt hashes of imported accounts, and the route
 * schema compilers (Ajv, fast-json-stringify: each schema is compiled on its route's first request).
 */
const LAZY = [
  '@anthropic-ai/sdk', 'openai', '@modelcontextprotocol/sdk', 'mammoth', 'unpdf', 'turndown', 'html-to-text', 'undici', 'pino-pretty', 'pg',
  'jose', 'bcryptjs', 'ajv', 'ajv-formats', 'fast-json-stringify', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler',
];

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Every package reached from `entry` through static imports, with the chain of files that reaches it. */
async function staticPackages(entry: string): Promise<Map<string, string[]>> {
  const { metafile } = await build({
    entryPoints: [path.join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: path.join(ROOT, 'test-artifacts', 'lazy-imports'),
    logLevel: 'silent',
  });
  const inputs = (metafile as Metafile).inputs;
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const packages = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imported of inputs[file].imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) {
        const name = packageOf(imported.path);
        if (!imported.path.startsWith('node:') && !packages.has(name)) packages.set(name, chains.get(file)!);
      } else if (!chains.has(imported.path)) {
        chains.set(imported.path, [...chains.get(file)!, imported.path]);
        queue.push(imported.path);
      }
    }
  }
  return packages;
}

describe('lazy loading of what serving does not need', () => {
  it('no static import from src/main.ts reaches a library loaded on first use', async () => {
    const packages = await staticPackages('src/main.ts');
    // The check itself works: the server's own framework is found.
    expect(packages.has('fastify')).toBe(true);
    const eager = LAZY.filter((name) => packages.has(name)).map((name) => `${name}: ${packages.get(name)!.join(' → ')}`);
    expect(eager).toEqual([]);
  });
});
