import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from '../../src/storage/statement-cache.js';

describe('SQLite statement cache', () => {
  it('prepares each SQL text once and drops the least recently used beyond its size', () => {
    const raw = new Database(':memory:');
    let prepared = 0;
    const counting = new Proxy(raw, {
      get: (target, name) => (name === 'prepare' ? (text: string) => (prepared++, target.prepare(text)) : Reflect.get(target, name)),
    });
    const cache = cachingStatements(counting, 2);
    const a = cache.prepare('select 1');
    expect(cache.prepare('select 1')).toBe(a);
    cache.prepare('select 2');
    cache.prepare('select 1'); // most recent now; 'select 2' is the oldest
    cache.prepare('select 3'); // evicts 'select 2'
    expect(cache.prepare('select 1')).toBe(a);
    expect(prepared).toBe(3);
    cache.prepare('select 2');
    expect(prepared).toBe(4);
    cache.close();
    expect(raw.open).toBe(false);
  });

  it('gives Kysely the right rows and changes with reused statements, across a schema change', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cachingStatements(new Database(':memory:')) }) });
    await sql`create table t (id integer primary key, v text)`.execute(db);
    for (let i = 0; i < 3; i++) await db.insertInto('t').values({ v: `v${i}` }).execute();
    const read = () => db.selectFrom('t').selectAll().where('id', '>', 1).orderBy('id').execute();
    expect(await read()).toEqual([{ id: 2, v: 'v1' }, { id: 3, v: 'v2' }]);
    await sql`alter table t add column w text default 'x'`.execute(db);
    expect(await read()).toEqual([{ id: 2, v: 'v1', w: 'x' }, { id: 3, v: 'v2', w: 'x' }]);
    const result = await db.updateTable('t').set({ v: 'z' }).where('id', '<', 3).executeTakeFirst();
    expect(Number(result.numUpdatedRows)).toBe(2);
    await db.destroy();
  });
});
