// Serving on SQLite never loads the PostgreSQL driver (memory and start-up time, issue 12).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../helpers/cli.js';

describe('lazy loading', () => {
  it('the server modules and a SQLite database leave pg unloaded; PostgreSQL loads it', () => {
    const app = path.join(path.dirname(CLI_ENTRY), 'http', 'app.js');
    const cli = path.join(path.dirname(CLI_ENTRY), 'cli', 'main.js');
    const db = path.join(path.dirname(CLI_ENTRY), 'storage', 'db.js');
    const script = `
      const { createRequire } = await import('node:module');
      await import(${JSON.stringify(cli)});
      await import(${JSON.stringify(app)});
      const { openStorage } = await import(${JSON.stringify(db)});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => /node_modules\\/pg\\//.test(f));
      const storage = openStorage('sqlite:///:memory:');
      const onSqlite = loaded();
      await storage.close();
      const pgStorage = openStorage('postgresql://nobody@127.0.0.1:1/none');
      console.log(JSON.stringify({ onSqlite, onPostgres: loaded() }));
      await pgStorage.close();
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ onSqlite: false, onPostgres: true });
  });
});
