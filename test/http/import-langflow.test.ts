// A real Langflow 1.8 database (test/fixtures/langflow, with a manifest of every plaintext) is
// imported, then used through a real server: on a SQLite target from the SQLite file, on a
// PostgreSQL target from the same data on PostgreSQL. Every user logs in with the manifest
// password (the inactive one is told `Waiting for approval`, the default `langflow` account is
// locked), every API key authenticates and runs its owner's flow, every Credential works in a run
// and is never readable, every flow is there with its owner and endpoint name, and a second
// import changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { FlowResponse } from '@datastax/langflow-client/flow_response';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { deriveFernetKey } from '../../src/auth/secret-key.js';
import { importLangflow, type ImportOptions } from '../../src/services/langflow-import/import-langflow.js';
import type { ImportSummary } from '../../src/services/langflow-import/summary.js';
import { openStorage } from '../../src/storage/db.js';
import { makeVariableResolver } from '../../src/services/variables/variable-resolver.js';
import { login } from '../helpers/auth.js';
import { databaseKinds, type TestDatabase } from '../helpers/databases.js';
import { langflowOnPostgres } from '../helpers/langflow-postgres.js';
import { insertFlowFor, variableFlowData } from '../helpers/run-fixtures.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/langflow');
const FIXTURE_DB = path.join(FIXTURES, 'langflow-1.8.db');
const manifest = JSON.parse(fs.readFileSync(`${FIXTURE_DB}.manifest.json`, 'utf8'));
type ManifestUser = { id: string; username: string; password: string; is_active: boolean; store_api_key: string | null };

const TABLES = ['user', 'folder', 'flow', 'apikey', 'variable', 'fg_meta', 'fg_audit_event'] as const;

async function importInto(databaseUrl: string, from: string, extra: Partial<ImportOptions> = {}): Promise<ImportSummary> {
  const storage = openStorage(databaseUrl);
  try {
    return await importLangflow(storage, {
      from,
      langflowKey: { secretKey: manifest.secret_key },
      onConflict: 'fail',
      dryRun: false,
      flowgateSecretKey: TEST_SECRET_KEY,
      now: () => new Date().toISOString(),
      ...extra,
    });
  } finally {
    await storage.close();
  }
}

/** Every row of the tables an import touches, in a stable order. */
async function snapshot(server: TestServer): Promise<string> {
  // API-key uses are written by the server once a second: write them now, so only the import could change rows.
  await server.deps.apiKeyUsage.flush(server.deps.storage.db);
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await server.deps.storage.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

describe.each(databaseKinds())('import-langflow into $kind', (kind) => {
  let server: TestServer;
  let target: TestDatabase;
  let source: TestDatabase | undefined;
  let from: string;
  let summary: ImportSummary;
  const userId = (name: string) => manifest.users.find((u: ManifestUser) => u.username === name).id as string;

  beforeAll(async () => {
    target = await kind.create();
    // The PostgreSQL target imports from Langflow on PostgreSQL; the SQLite one from the file.
    if (kind.kind === 'postgres') {
      source = await langflowOnPostgres(FIXTURE_DB);
      from = source.url;
    } else {
      from = FIXTURE_DB;
    }
    summary = await importInto(target.url, from);
    server = await startTestServer(kind, { database: target });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await target?.drop();
    await source?.drop();
  });

  it('counts what came over and what did not', () => {
    const t = summary.tallies;
    expect([t.users.found, t.users.imported]).toEqual([4, 4]);
    // Langflow's ownerless Starter Projects folder and its template flow: no owner, no --orphans-to.
    expect([t.projects.found, t.projects.imported, t.projects.skippedCount]).toEqual([6, 5, 1]);
    expect([t.flows.found, t.flows.imported, t.flows.skippedCount]).toEqual([9, 8, 1]);
    expect([t.apiKeys.imported, t.variables.imported, t.storeKeys.imported]).toEqual([6, 9, 1]);
    expect(summary.flagged).toEqual(['langflow']);
  });

  it('every manifest user logs in with the manifest password; the inactive one waits; the default account is locked', async () => {
    for (const user of manifest.users as ManifestUser[]) {
      const result = await login(server, user.username, user.password);
      if (user.username === 'langflow') {
        // langflow/langflow is a known default: imported without a usable password.
        expect(result.status, user.username).toBe(401);
      } else if (!user.is_active) {
        expect(result.status, user.username).toBe(400);
        expect(result.body.detail).toBe('Waiting for approval');
      } else {
        expect(result.status, user.username).toBe(200);
        // The bcrypt hash became argon2id at this login.
        const row = await server.deps.storage.db.selectFrom('user').select('password').where('id', '=', user.id).executeTakeFirstOrThrow();
        expect(row.password.startsWith('$argon2id$')).toBe(true);
        expect((await login(server, user.username, user.password)).status).toBe(200);
        expect((await login(server, user.username, `${user.password}x`)).status).toBe(401);
      }
    }
  }, 60_000);

  it('every API key authenticates as its owner and runs its owner\'s flow', async () => {
    for (const key of manifest.api_keys) {
      const headers = { 'x-api-key': key.api_key, 'content-type': 'application/json' };
      const me = await fetch(`${server.url}/api/v1/users/whoami`, { headers });
      expect(me.status, key.name).toBe(200);
      expect((await me.json()).id).toBe(userId(key.owner));
      const endpoint = manifest.flows.find((f: any) => f.owner === key.owner && f.endpoint_name).endpoint_name;
      const run = await fetch(`${server.url}/api/v1/run/${endpoint}`, { method: 'POST', headers, body: JSON.stringify({ input_value: 'ahoy' }) });
      expect(run.status, `${key.owner} runs ${endpoint}`).toBe(200);
      expect(new FlowResponse((await run.json()) as never).chatOutputText()).toBe('Answer like a pirate: ahoy');
    }
  });

  it('every flow is there with its owner, project and endpoint name, under its Langflow id', async () => {
    const db = server.deps.storage.db;
    for (const flow of manifest.flows) {
      const row = await db.selectFrom('flow').selectAll().where('id', '=', flow.id).executeTakeFirst();
      if (flow.owner === null) {
        expect(row, flow.name).toBeUndefined();
        continue;
      }
      expect(row, flow.name).toBeDefined();
      expect(row!.user_id).toBe(userId(flow.owner));
      expect(row!.name).toBe(flow.name);
      expect(row!.endpoint_name).toBe(flow.endpoint_name);
      expect(row!.access_type).toBe(flow.access_type);
      expect(row!.folder_id).toBe(flow.folder_id);
      const nodes = JSON.parse(row!.data!).nodes.map((n: any) => n.id);
      expect(nodes).toEqual(flow.node_ids);
    }
    // Through the API too: alice's key sees her flow by its Langflow id.
    const alice = manifest.api_keys.find((k: any) => k.owner === 'alice').api_key;
    const flow = manifest.flows.find((f: any) => f.owner === 'alice' && f.endpoint_name);
    const res = await fetch(`${server.url}/api/v1/flows/${flow.id}`, { headers: { 'x-api-key': alice } });
    expect(res.status).toBe(200);
    expect((await res.json()).folder_id).toBe(flow.folder_id);
  });

  it('every Credential is usable in a run and never readable; Generic values read as they were', async () => {
    const withKeys = new Set(manifest.api_keys.map((k: any) => k.owner));
    for (const variable of manifest.variables) {
      const row = await server.deps.storage.db.selectFrom('variable').selectAll().where('id', '=', variable.id).executeTakeFirstOrThrow();
      expect(row.user_id).toBe(userId(variable.owner));
      expect(row.value).not.toContain(variable.value);
      expect(JSON.parse(row.default_fields)).toEqual(variable.default_fields);
      if (!withKeys.has(variable.owner)) continue;
      const key = manifest.api_keys.find((k: any) => k.owner === variable.owner).api_key;
      const flowId = await insertFlowFor(server, userId(variable.owner), variableFlowData(variable.name));
      const run = await fetch(`${server.url}/api/v1/run/${flowId}`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify({ input_value: 'hi' }),
      });
      if (variable.type === 'Credential') {
        // A Credential fills only secret fields: a prompt's text is refused (by name, never the
        // value); the run's secret fields receive it, decrypted.
        expect(run.status, variable.name).toBe(400);
        expect(await run.text()).not.toContain(variable.value);
        const resolve = makeVariableResolver(server.deps, userId(variable.owner), {});
        expect(await resolve(variable.name, { field: 'api_key', secret: true })).toBe(variable.value);
      } else {
        expect(run.status, variable.name).toBe(200);
        expect(new FlowResponse((await run.json()) as never).chatOutputText()).toBe(`${variable.value} says: hi`);
      }
      const list = await fetch(`${server.url}/api/v1/variables/`, { headers: { 'x-api-key': key } });
      const text = await list.text();
      const listed = JSON.parse(text).find((v: any) => v.id === variable.id);
      expect(listed.type).toBe(variable.type);
      if (variable.type === 'Credential') expect(text).not.toContain(variable.value);
      else expect(listed.value).toBe(variable.value);
    }
  });

  it('the Store key is re-encrypted under Flowgate\'s key', async () => {
    const fernet = new Fernet(deriveFernetKey(TEST_SECRET_KEY).fernetKey);
    for (const user of manifest.users as ManifestUser[]) {
      const row = await server.deps.storage.db.selectFrom('user').select('store_api_key').where('id', '=', user.id).executeTakeFirstOrThrow();
      if (user.store_api_key === null) expect(row.store_api_key).toBeNull();
      else expect(fernet.decryptString(row.store_api_key!)).toBe(user.store_api_key);
    }
  });

  it('a second import changes nothing', async () => {
    const before = await snapshot(server);
    const again = await importInto(target.url, from);
    for (const tally of Object.values(again.tallies)) expect(tally.imported).toBe(0);
    expect(again.tallies.flows.already).toBe(8);
    expect(again.tallies.users.already).toBe(4);
    expect(await snapshot(server)).toBe(before);
  });
});

describe.each(databaseKinds())('import-langflow is one transaction on $kind', (kind) => {
  it('a failure after every row was written leaves nothing behind', async () => {
    const target = await kind.create();
    try {
      const error = await importInto(target.url, FIXTURE_DB, {
        beforeCommit: () => {
          throw new Error('power cut just before COMMIT');
        },
      }).catch((e) => e);
      expect(error.message).toBe('power cut just before COMMIT');
      const storage = openStorage(target.url);
      try {
        for (const table of ['user', 'folder', 'flow', 'apikey', 'variable', 'fg_meta'] as const) {
          expect(await storage.db.selectFrom(table).selectAll().execute(), table).toEqual([]);
        }
      } finally {
        await storage.close();
      }
    } finally {
      await target.drop();
    }
  });
});

describe.each(databaseKinds())('import-langflow: projects\' and flows\' MCP settings on $kind', (kind) => {
  it('auth settings become apikey or none (oauth → apikey, secrets left behind); flows keep their MCP tool settings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-import-mcp-'));
    const copy = path.join(dir, 'langflow.db');
    fs.copyFileSync(FIXTURE_DB, copy);
    const langflowFernet = new Fernet(deriveFernetKey(manifest.secret_key).fernetKey);
    const folders = manifest.folders.filter((f: any) => f.owner === 'alice');
    const hexId = (id: string) => id.replace(/-/g, '');
    const edit = new SqliteDatabase(copy);
    edit.prepare('update folder set auth_settings = ? where id = ?').run('{"auth_type": "none"}', hexId(folders[0].id));
    edit
      .prepare('update folder set auth_settings = ? where id = ?')
      .run(JSON.stringify({ auth_type: 'oauth', oauth_client_secret: langflowFernet.encrypt('oauth-client-secret-value') }), hexId(folders[1].id));
    const flow = manifest.flows.find((f: any) => f.owner === 'alice' && f.endpoint_name);
    edit.prepare('update flow set mcp_enabled = 1, action_name = ?, action_description = ? where id = ?').run('pirate_tool', 'Talks like a pirate', hexId(flow.id));
    edit.close();
    const target = await kind.create();
    const source = kind.kind === 'postgres' ? await langflowOnPostgres(copy) : undefined;
    try {
      const summary = await importInto(target.url, source?.url ?? copy);
      expect([summary.tallies.mcpSettings.found, summary.tallies.mcpSettings.imported]).toEqual([2, 2]);
      expect(summary.notes.join('\n')).toMatch(/MCP auth type "oauth" is not supported by Flowgate; it now requires an API key/);
      const storage = openStorage(target.url);
      try {
        const settings = async (id: string) =>
          (await storage.db.selectFrom('folder').select('auth_settings').where('id', '=', id).executeTakeFirstOrThrow()).auth_settings;
        expect(JSON.parse((await settings(folders[0].id))!)).toEqual({ auth_type: 'none' });
        const oauth = (await settings(folders[1].id))!;
        expect(JSON.parse(oauth)).toEqual({ auth_type: 'apikey' });
        const row = await storage.db.selectFrom('flow').selectAll().where('id', '=', flow.id).executeTakeFirstOrThrow();
        expect([Boolean(row.mcp_enabled), row.action_name, row.action_description]).toEqual([true, 'pirate_tool', 'Talks like a pirate']);
      } finally {
        await storage.close();
      }
      // And through Flowgate's MCP settings route, as Langflow's UI reads them.
      const server = await startTestServer(kind, { database: target });
      try {
        const key = manifest.api_keys.find((k: any) => k.owner === 'alice').api_key;
        const res = await fetch(`${server.url}/api/v1/mcp/project/${folders[0].id}`, { headers: { 'x-api-key': key } });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.auth_settings).toEqual({ auth_type: 'none' });
        expect(body.tools.map((t: any) => [t.id, t.action_name, t.action_description])).toEqual([[flow.id, 'pirate_tool', 'Talks like a pirate']]);
      } finally {
        await server.close();
      }
    } finally {
      await target.drop();
      await source?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(databaseKinds())('import-langflow: message history on $kind', (kind) => {
  it('messages follow their flow; messages of flows left out, or of no flow, are counted as skipped; a second run adds none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-import-messages-'));
    const copy = path.join(dir, 'langflow.db');
    fs.copyFileSync(FIXTURE_DB, copy);
    const hexId = (id: string) => id.replace(/-/g, '');
    const alice = manifest.flows.find((f: any) => f.owner === 'alice' && f.endpoint_name);
    const orphan = manifest.flows.find((f: any) => f.owner === null);
    const messages = [
      { id: '11111111-1111-4111-8111-111111111111', flow: alice.id, sender: 'User', name: 'User', text: 'ahoy', at: '2026-11-26 02:10:00.000000' },
      { id: '22222222-2222-4222-8222-222222222222', flow: alice.id, sender: 'Machine', name: 'AI', text: 'Answer like a pirate: ahoy', at: '2026-11-26 02:10:01.000000' },
      { id: '33333333-3333-4333-8333-333333333333', flow: orphan.id, sender: 'User', name: 'User', text: 'template run', at: '2026-11-26 02:11:00.000000' },
      { id: '44444444-4444-4444-8444-444444444444', flow: null, sender: 'User', name: 'User', text: 'no flow', at: '2026-11-26 02:12:00.000000' },
    ];
    const edit = new SqliteDatabase(copy);
    const insert = edit.prepare(
      'insert into message (timestamp, sender, sender_name, session_id, text, id, flow_id, files, error, edit, properties, category, content_blocks) values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)',
    );
    // Langflow leaves properties, category and content_blocks empty on older rows: the first message has none.
    for (const [i, m] of messages.entries()) {
      insert.run(m.at, m.sender, m.name, 'session-1', m.text, hexId(m.id), m.flow && hexId(m.flow), '[]', i === 0 ? null : '{"source": {}}', i === 0 ? null : 'message', i === 0 ? null : '[]');
    }
    edit.close();
    const target = await kind.create();
    const source = kind.kind === 'postgres' ? await langflowOnPostgres(copy) : undefined;
    const from = source?.url ?? copy;
    try {
      // Into a fresh database: the plan is made before the schema exists, the messages still come.
      const first = await importInto(target.url, from);
      const t = first.tallies.messages;
      expect([t.found, t.imported, t.skippedCount]).toEqual([4, 2, 2]);
      expect(Object.fromEntries(t.skipped)).toEqual({ 'its flow is not imported': 1, 'belongs to no flow': 1 });
      // Through Langflow's monitor route, as the flow's owner sees them (Langflow's empty fields filled in).
      const server = await startTestServer(kind, { database: target });
      try {
        const key = manifest.api_keys.find((k: any) => k.owner === 'alice').api_key;
        const res = await fetch(`${server.url}/api/v1/monitor/messages?flow_id=${alice.id}`, { headers: { 'x-api-key': key } });
        expect(res.status).toBe(200);
        const listed = (await res.json()).sort((a: any, b: any) => a.timestamp.localeCompare(b.timestamp));
        expect(listed.map((m: any) => [m.id, m.flow_id, m.text, m.session_id, m.sender, m.sender_name, m.category])).toEqual([
          [messages[0]!.id, alice.id, 'ahoy', 'session-1', 'User', 'User', 'message'],
          [messages[1]!.id, alice.id, 'Answer like a pirate: ahoy', 'session-1', 'Machine', 'AI', 'message'],
        ]);
        expect(listed[0].timestamp).toBe('2026-11-26 02:10:00 UTC');
        // Another user sees none of them.
        const other = manifest.api_keys.find((k: any) => k.owner === 'administrator').api_key;
        const theirs = await fetch(`${server.url}/api/v1/monitor/messages?flow_id=${alice.id}`, { headers: { 'x-api-key': other } });
        expect(await theirs.json()).toEqual([]);
      } finally {
        await server.close();
      }
      const second = await importInto(target.url, from);
      expect([second.tallies.messages.imported, second.tallies.messages.already]).toEqual([0, 2]);
    } finally {
      await target.drop();
      await source?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
