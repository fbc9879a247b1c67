// The repository's docs stand on their own: no citation of documents a reader of the repository
// does not have (the steering SPEC.md and DESIGN.md), every relative link points at a file that
// exists, and the UI's names in the docs are the UI's own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownComponentTypes } from '../../src/engine/component-registry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function markdownFiles(): string[] {
  const files = fs.readdirSync(ROOT).filter((f) => f.endsWith('.md')).map((f) => path.join(ROOT, f));
  for (const dir of ['docs', 'bench', 'bench/results', 'deploy']) {
    const full = path.join(ROOT, dir);
    if (!fs.existsSync(full)) continue;
    for (const f of fs.readdirSync(full)) if (f.endsWith('.md')) files.push(path.join(full, f));
  }
  return files;
}

describe('docs', () => {
  const files = markdownFiles();

  it('finds the docs', () => {
    expect(files.map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'ARCHITECTURE.md', 'docs/compatibility.md', 'docs/api.md']));
  });

  it('cite no document outside the repository', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text, path.relative(ROOT, file)).not.toMatch(/SPEC(\.md| §| D\d)|DESIGN\.md/);
    }
  });

  it('link only to files that exist', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target!)) continue;
        const resolved = path.resolve(path.dirname(file), target!.split('#')[0]!);
        expect(fs.existsSync(resolved), `${path.relative(ROOT, file)} → ${target}`).toBe(true);
      }
    }
  });

  it('name the UI\'s buttons as the UI does', () => {
    const api = fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
    const button = /\*([^*]+)\*\.?$/m.exec(api.split('\n').find((line) => line.includes('Settings → API Keys'))!)![1]!;
    expect(fs.readFileSync(path.join(ROOT, 'web/src/components/settings/ApiKeysSettings.tsx'), 'utf8')).toContain(button);
  });

  it('list every component the engine runs in docs/components.md, by its Langflow type', () => {
    const components = fs.readFileSync(path.join(ROOT, 'docs/components.md'), 'utf8');
    for (const type of knownComponentTypes()) expect(components, type).toContain(`\`${type}\``);
  });

  it('give every Langflow starter fixture a row in docs/components.md naming tests that run it', () => {
    const components = fs.readFileSync(path.join(ROOT, 'docs/components.md'), 'utf8');
    const rows = new Map(
      [...components.matchAll(/^\| ([^|]+) \| [^|]+ \| ([^|]+) \|$/gm)].map(([, name, tests]) => [name!.trim(), [...tests!.matchAll(/`(test\/[^`]+)`/g)].map((m) => m[1]!)]),
    );
    const starters = fs.readdirSync(path.join(ROOT, 'test/fixtures/langflow-starters')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    expect(starters).toHaveLength(15);
    for (const name of starters) {
      const tests = rows.get(name);
      expect(tests?.length, `docs/components.md has no row naming a test for ${name}`).toBeGreaterThan(0);
      for (const test of tests!) {
        const file = path.join(ROOT, test);
        expect(fs.existsSync(file), test).toBe(true);
        expect(fs.readFileSync(file, 'utf8'), `${test} does not mention ${name}`).toContain(name);
      }
    }
  });

  it('cite no decision number outside docs/compatibility.md\'s own table (a reader meets the number without its meaning)', () => {
    for (const file of files) {
      if (file.endsWith(path.join('docs', 'compatibility.md'))) continue;
      expect(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file)).not.toMatch(/\(D\d+\)/);
    }
  });
});
