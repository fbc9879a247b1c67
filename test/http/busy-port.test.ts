// A busy port (issue 9, item 9): `run` checks it before anything else, says so in one line, exits
// 2, and writes nothing (no generated key file, no database).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-in-process.js';

describe('flowgate run on a busy port', () => {
  it('one clear line, exit 2, nothing written', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-busy-'));
    const configDir = path.join(dir, 'config');
    try {
      const result = await runCliInProcess(['run', '--port', String(port)], { HOME: dir, LANGFLOW_CONFIG_DIR: configDir }).exited;
      expect(result.code).toBe(2);
      expect(result.output.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`))]);
      expect(result.output).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(fs.existsSync(configDir)).toBe(false);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      blocker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
