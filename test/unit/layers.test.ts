// Imports flow one way (ARCHITECTURE.md): cli → http → services → {auth, storage, engine}.
// auth/ and engine/ import nothing from the project; storage/ never imports services/ or http/;
// nothing outside config/ reads process.env.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

// Which top-level folders each layer may import from.
const ALLOWED: Record<string, string[]> = {
  auth: ['auth'],
  engine: ['engine'],
  config: ['config'],
  storage: ['storage', 'config'],
  services: ['services', 'auth', 'storage', 'engine', 'config', 'version.js'],
  http: ['http', 'services', 'auth', 'storage', 'config', 'version.js'],
  cli: ['cli', 'http', 'services', 'auth', 'storage', 'config', 'version.js'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function layerOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

const files = sourceFiles(SRC);

describe('layers', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [path.relative(SRC, f), f]))('%s imports only what its layer may', (_name, file) => {
    const layer = layerOf(file);
    const allowed = ALLOWED[layer];
    if (!allowed) return; // main.ts, version.ts: the entry and a constant
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = layerOf(path.resolve(path.dirname(file), match[1]));
      expect(allowed, `${path.relative(SRC, file)} imports ${match[1]}`).toContain(target);
    }
  });

  it('reads process.env only in config/', () => {
    const offenders = files.filter((f) => layerOf(f) !== 'config' && f !== path.join(SRC, 'main.ts') && /process\.env/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
