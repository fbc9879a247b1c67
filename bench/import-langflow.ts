// `flowgate import-langflow` at scale: a generated Langflow 1.8 SQLite database (Langflow's own
// schema, copied from the test fixture) with N users, 10 flows each (the fixture's real 10 KB flow
// JSON), a project, 2 API keys and 2 variables (one Credential) per user, imported into a fresh
// SQLite file and, when TEST_DATABASE_URL is set, a fresh PostgreSQL database.
// Baseline in the same run: a plain row copy of the same rows into the same tables (same reader,
// same batched inserts, one transaction) with no planning, no decryption, no re-encryption.
// Run: npx tsx bench/import-langflow.ts [users]   (default 10000 → 100,000 flows)
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Fernet } from '../src/auth/fernet.js';
import { deriveFernetKey } from '../src/auth/secret-key.js';
import { importLangflow } from '../src/services/langflow-import/import-langflow.js';
import { openStorage } from '../src/storage/db.js';
import { readApiKeys, readFlowPage, readFolders, readUsers, readVariables } from '../src/storage/langflow/records.js';
import { openLangflowSource } from '../src/storage/langflow/source.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { insertRows } from '../src/storage/repositories/import-target.js';

const USERS = Number(process.argv[2] ?? 10_000);
const FLOWS_PER_USER = 10;
const FIXTURE = path.resolve(import.meta.dirname, '../test/fixtures/langflow/langflow-1.8.db');
const LANGFLOW_KEY = 'bench-langflow-secret-key-0123456789abcdefgh';
const FLOWGATE_KEY = 'bench-flowgate-secret-key-0123456789abcdefgh';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-import-'));
const hex = () => randomUUID().replace(/-/g, '');

function generate(file: string): void {
  const fixture = new SqliteDatabase(FIXTURE, { readonly: true });
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  for (const { sql } of fixture.prepare("select sql from sqlite_master where sql is not null and name not like 'sqlite_%'").all() as { sql: string }[]) db.exec(sql);
  const template = fixture.prepare("select * from flow where user_id is not null limit 1").get() as Record<string, unknown>;
  const bcryptHash = (fixture.prepare("select password from user where username = 'alice'").get() as { password: string }).password;
  fixture.close();
  const fernet = new Fernet(deriveFernetKey(LANGFLOW_KEY).fernetKey);
  const now = '2026-11-01 12:00:00.000000';
  const insertUser = db.prepare('insert into user (id, username, password, is_active, is_superuser, create_at, updated_at, last_login_at, profile_image, store_api_key, optins) values (?, ?, ?, 1, 0, ?, ?, null, null, null, ?)');
  const insertFolder = db.prepare('insert into folder (id, name, description, parent_id, user_id, auth_settings) values (?, ?, ?, null, ?, null)');
  const insertFlow = db.prepare('insert into flow (id, name, description, data, user_id, is_component, updated_at, folder_id, endpoint_name, webhook, tags, locked, access_type, mcp_enabled) values (?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, 0, ?, 0)');
  const insertKey = db.prepare('insert into apikey (id, name, api_key, created_at, last_used_at, total_uses, is_active, user_id) values (?, ?, ?, ?, null, 0, 1, ?)');
  const insertVariable = db.prepare('insert into variable (id, name, value, type, user_id, created_at, updated_at, default_fields) values (?, ?, ?, ?, ?, ?, null, ?)');
  db.transaction(() => {
    for (let u = 0; u < USERS; u++) {
      const userId = hex();
      const folderId = hex();
      insertUser.run(userId, `user${u}`, bcryptHash, now, now, '{"github_starred": false}');
      insertFolder.run(folderId, 'Starter Project', 'Manage your own flows.', userId);
      for (let f = 0; f < FLOWS_PER_USER; f++) {
        insertFlow.run(hex(), `Flow ${f}`, template.description, template.data, userId, now, folderId, f === 0 ? `flow-${u}` : null, '[]', 'PRIVATE');
      }
      for (let k = 0; k < 2; k++) insertKey.run(hex(), `key${k}`, `sk-${randomBytes(32).toString('base64url')}`, now, userId);
      insertVariable.run(hex(), 'OPENAI_API_KEY', fernet.encrypt(`sk-proj-${randomBytes(16).toString('hex')}`), 'Credential', userId, now, '["OpenAI", "api_key"]');
      insertVariable.run(hex(), 'TONE', `tone of user ${u}`, 'Generic', userId, now, '[]');
    }
  })();
  db.close();
}

/** The floor: every row read the same way and inserted as it is, in one transaction. */
async function plainCopy(from: string, targetUrl: string): Promise<number> {
  const storage = openStorage(targetUrl);
  const source = await openLangflowSource(from);
  try {
    await migrateToLatest(storage.db);
    const start = performance.now();
    await storage.db.transaction().execute(async (trx) => {
      const users = await readUsers(source);
      await insertRows(trx, 'user', users.map((u) => ({ id: u.id, username: u.username, password: u.password, profile_image: u.profileImage, is_active: u.isActive, is_superuser: u.isSuperuser, create_at: u.createAt!, updated_at: u.updatedAt!, last_login_at: u.lastLoginAt, store_api_key: u.storeApiKey, optins: u.optins })));
      const folders = await readFolders(source);
      await insertRows(trx, 'folder', folders.map((f) => ({ id: f.id, name: f.name, description: f.description, parent_id: null, user_id: f.userId, auth_settings: f.authSettings })));
      for (let after: unknown = undefined; ; ) {
        const page = await readFlowPage(source, after, 500);
        if (page.flows.length === 0) break;
        after = page.last;
        await insertRows(trx, 'flow', page.flows.map((f) => ({ id: f.id, name: f.name, description: f.description, icon: f.icon, icon_bg_color: f.iconBgColor, gradient: f.gradient, data: f.data, is_component: f.isComponent, updated_at: f.updatedAt!, webhook: f.webhook, endpoint_name: f.endpointName, tags: f.tags, locked: f.locked, mcp_enabled: f.mcpEnabled, action_name: f.actionName, action_description: f.actionDescription, access_type: f.accessType, user_id: f.userId!, folder_id: f.folderId, extra: null, version: 1 })), 100);
      }
      const keys = await readApiKeys(source);
      await insertRows(trx, 'apikey', keys.map((k) => ({ id: k.id, name: k.name, api_key: k.apiKey, key_prefix: k.apiKey.slice(0, 8), created_at: k.createdAt!, last_used_at: k.lastUsedAt, total_uses: k.totalUses, is_active: k.isActive, user_id: k.userId })));
      const variables = await readVariables(source);
      await insertRows(trx, 'variable', variables.map((v) => ({ id: v.id, name: v.name, value: v.value, type: v.type ?? 'Generic', default_fields: v.defaultFields ?? '[]', user_id: v.userId, created_at: v.createdAt!, updated_at: v.updatedAt, from_env: false })));
    });
    return performance.now() - start;
  } finally {
    await source.close();
    await storage.close();
  }
}

async function fullImport(from: string, targetUrl: string): Promise<number> {
  const storage = openStorage(targetUrl);
  try {
    const start = performance.now();
    const summary = await importLangflow(storage, {
      from,
      langflowKey: { secretKey: LANGFLOW_KEY },
      onConflict: 'fail',
      dryRun: false,
      flowgateSecretKey: FLOWGATE_KEY,
      now: () => new Date().toISOString(),
    });
    const elapsed = performance.now() - start;
    const t = summary.tallies;
    if (t.users.imported !== USERS || t.flows.imported !== USERS * FLOWS_PER_USER || t.variables.imported !== USERS * 2) {
      throw new Error(`imported ${JSON.stringify({ users: t.users.imported, flows: t.flows.imported, variables: t.variables.imported })}`);
    }
    return elapsed;
  } finally {
    await storage.close();
  }
}

async function pgDatabase(admin: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fg_bench_import_${randomBytes(4).toString('hex')}`;
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => query(`drop database if exists ${name} with (force)`) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const source = path.join(work, 'langflow.db');
  const start = performance.now();
  generate(source);
  console.log(`generated ${USERS} users, ${USERS * FLOWS_PER_USER} flows (${(fs.statSync(source).size / 1e6).toFixed(0)} MB) in ${seconds(performance.now() - start)}`);
  const results: { target: string; copy: number; imported: number }[] = [];

  const copyUrl = `sqlite:///${path.join(work, 'copy.db')}`;
  const importUrl = `sqlite:///${path.join(work, 'import.db')}`;
  const copy = await plainCopy(source, copyUrl);
  const imported = await fullImport(source, importUrl);
  results.push({ target: 'SQLite', copy, imported });

  if (process.env.TEST_DATABASE_URL) {
    const a = await pgDatabase(process.env.TEST_DATABASE_URL);
    const b = await pgDatabase(process.env.TEST_DATABASE_URL);
    try {
      results.push({ target: 'PostgreSQL', copy: await plainCopy(source, a.url), imported: await fullImport(source, b.url) });
    } finally {
      await a.drop();
      await b.drop();
    }
  }
  console.log(`\n| target | plain row copy (baseline) | import-langflow | ratio |\n|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.target} | ${seconds(r.copy)} | ${seconds(r.imported)} | ${(r.imported / r.copy).toFixed(2)}× |`);
}

main()
  .finally(() => fs.rmSync(work, { recursive: true, force: true }))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
