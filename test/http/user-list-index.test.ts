// The admin user list at scale (issue 12): its order has an index, and on SQLite its search goes
// through the trigram index of migration 0005, which must stay in step with the user table.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { deleteUserRow, listUsers, countUsers, updateUser } from '../../src/storage/repositories/users.js';

describe.each(databaseKinds())('admin user list indexes on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  const names = async (search: string) => {
    const { db, dialect } = server.deps.storage;
    const rows = await listUsers(db, { skip: 0, limit: 100, search, dialect });
    expect(await countUsers(db, dialect, search)).toBe(rows.length);
    return rows.map((u) => u.username).sort();
  };

  it('finds substrings case-insensitively, wildcards literally, short searches too, and follows renames and deletions', async () => {
    const tag = `ix${Date.now().toString(36)}`;
    const alpha = await createUser(server, { username: `${tag}-Alpha` });
    await createUser(server, { username: `${tag}-beta_1` });
    await createUser(server, { username: `${tag}-gamma%2` });
    expect(await names(`${tag}-ALP`)).toEqual([`${tag}-Alpha`]);
    expect(await names('ALPHA'.slice(1) + '')).toContain(`${tag}-Alpha`);
    expect(await names(`${tag}-`)).toHaveLength(3);
    expect(await names('a_1')).toEqual([`${tag}-beta_1`]);
    expect(await names('a%2')).toEqual([`${tag}-gamma%2`]);
    expect(await names(`${tag}-beta%`)).toEqual([]);
    expect(await names('lp')).toContain(`${tag}-Alpha`);
    expect(await names('"')).toEqual([]);
    await updateUser(server.deps.storage.db, alpha.id, { username: `${tag}-Omega` });
    expect(await names(`${tag}-alpha`)).toEqual([]);
    expect(await names(`${tag}-omeg`)).toEqual([`${tag}-Omega`]);
    await deleteUserRow(server.deps.storage.db, alpha.id);
    expect(await names(`${tag}-omeg`)).toEqual([]);
  });

  it.runIf(kind.kind === 'sqlite')('plans the list through its indexes, not a scan and sort of the table', async () => {
    const db = server.deps.storage.db;
    const plan = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows.map((r: any) => r.detail).join(' | ');
    const list = await plan(sql`explain query plan select * from "user" order by create_at, id limit 10 offset 0`);
    expect(list).toMatch(/ix_user_create_at_id/);
    expect(list).not.toMatch(/TEMP B-TREE/);
    const search = await plan(sql`explain query plan select id from "user" where id in (select user_id from fg_user_search where fg_user_search match '"abc"')`);
    expect(search).toMatch(/VIRTUAL TABLE INDEX/);
  });
});
