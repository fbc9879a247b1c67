// The installed bin receives its arguments intact (issue 9, item 8). Node 20 takes `--env-file`
// for itself wherever it appears, even after the script name, unless `--` ends its own options:
// bin/flowgate.js starts with `#!/usr/bin/env -S node --`, so `flowgate run --env-file nope.env`
// is answered by Flowgate (one line, exit 2), never by Node (`node: nope.env: not found`, exit 9).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SLOW = 60_000;

function run(command: string, args: string[], cwd: string, pathPrefix: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { PATH: `${pathPrefix}:${process.env.PATH}`, HOME: cwd, LANGFLOW_CONFIG_DIR: path.join(cwd, 'config') } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.stdin.end();
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the flowgate and langflow bins', () => {
  let dir: string;
  let binDir: string;

  beforeAll(() => {
    // An installed package, as npm lays it out: the bin file, the built code next to it, and
    // node_modules/.bin links named after package.json's "bin".
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bin-'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'flowgate.js'), path.join(dir, 'bin', 'flowgate.js'));
    fs.chmodSync(path.join(dir, 'bin', 'flowgate.js'), 0o755);
    fs.symlinkSync(path.dirname(path.dirname(CLI_ENTRY)), path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', bin: pkg.bin }));
    binDir = path.join(dir, 'node_modules', '.bin');
    fs.mkdirSync(binDir, { recursive: true });
    for (const [name, target] of Object.entries(pkg.bin as Record<string, string>)) fs.symlinkSync(path.join(dir, target), path.join(binDir, name));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('package.json maps both names to a bin whose shebang ends Node\'s own options', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ flowgate: 'bin/flowgate.js', langflow: 'bin/flowgate.js' });
    // Node's own options (a small young generation, issue 12), then `--`.
    expect(fs.readFileSync(path.join(ROOT, 'bin', 'flowgate.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env -S node --max-semi-space-size=2 --');
  });

  it.each(['flowgate', 'langflow'])('`%s run --env-file nope.env` is answered by Flowgate: one line, exit 2', async (name) => {
    const result = await run(name, ['run', '--env-file', 'nope.env'], dir, binDir);
    expect(result.output).not.toMatch(/^node:/m);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/--env-file.*nope\.env/);
    expect(fs.existsSync(path.join(dir, 'config'))).toBe(false); // nothing written
  }, SLOW);

  it('arguments after the command arrive intact (`--version`, `--env-file=FILE`)', async () => {
    const version = await run('flowgate', ['--version'], dir, binDir);
    expect(version.code, version.output).toBe(0);
    expect(version.output).toMatch(/^flowgate \d/);
    const equals = await run('langflow', ['migrate', '--env-file=missing.env'], dir, binDir);
    expect(equals.code, equals.output).toBe(2);
    expect(equals.output).not.toMatch(/^node:/m);
  }, SLOW);

  it('`npx langflow` in the package folder runs the same bin', async () => {
    const result = await run('npx', ['--offline', 'langflow', 'run', '--port', 'x'], dir, binDir);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/--port x/);
  }, SLOW);

  it('an unbuilt checkout says to build, exit 2', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-unbuilt-'));
    try {
      fs.mkdirSync(path.join(bare, 'bin'));
      fs.copyFileSync(path.join(ROOT, 'bin', 'flowgate.js'), path.join(bare, 'bin', 'flowgate.js'));
      const result = await run(process.execPath, [path.join(bare, 'bin', 'flowgate.js'), '--version'], bare, binDir);
      expect(result.code).toBe(2);
      expect(result.output).toMatch(/npm run build/);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  }, SLOW);
});
