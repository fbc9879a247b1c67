// Secret-key rotation cost: `rotateSecretKey` over N variables (half Credential, half Generic)
// in ONE transaction, on a SQLite file and, when TEST_DATABASE_URL is set, on PostgreSQL.
// Baseline in the same run: just reading and decrypting all N values (what rotation must do at
// least). Run: npx tsx bench/rotation.ts [count]   (default 100000)
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Fernet } from '../src/auth/fernet.js';
import { deriveFernetKey } from '../src/auth/secret-key.js';
import { rotateSecretKey } from '../src/services/secret-key/secret-key-rotation.js';
import { tryOpen } from '../src/services/variables/variable-values.js';
import { openStorage, type Storage } from '../src/storage/db.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { pageVariableValues } from '../src/storage/repositories/encrypted-values.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const INSERT_BATCH = 1000;
const OLD_KEY = 'bench-old-secret-key-with-enough-characters-0001';
const NEW_KEY = 'bench-new-secret-key-with-enough-characters-0002';
const fernetOf = (key: string) => new Fernet(deriveFernetKey(key).fernetKey);

interface Row { database: string; insert: number; readDecrypt: number; rotate: number }

async function seed(storage: Storage): Promise<number> {
  await migrateToLatest(storage.db);
  const userId = randomUUID();
  const now = new Date().toISOString();
  await storage.db.insertInto('user').values({
    id: userId, username: `bench-${userId.slice(0, 8)}`, password: '!', profile_image: null, is_active: true, is_superuser: false,
    create_at: now, updated_at: now, last_login_at: null, store_api_key: fernetOf(OLD_KEY).encrypt('lf-store-bench'), optins: null,
  }).execute();
  const fernet = fernetOf(OLD_KEY);
  const start = performance.now();
  for (let done = 0; done < COUNT; done += INSERT_BATCH) {
    const rows = [];
    for (let i = done; i < Math.min(COUNT, done + INSERT_BATCH); i++) {
      rows.push({
        id: randomUUID(), name: `VAR_${i}`, value: fernet.encrypt(`sk-bench-value-${i}-${randomUUID()}`),
        type: i % 2 === 0 ? 'Credential' : 'Generic', default_fields: '[]', user_id: userId, created_at: now, updated_at: now, from_env: false,
      });
    }
    await storage.db.insertInto('variable').values(rows).execute();
  }
  return performance.now() - start;
}

/** The floor: page through every value and decrypt it, writing nothing. */
async function readAndDecrypt(storage: Storage): Promise<number> {
  const keys = { fernet: fernetOf(OLD_KEY), previousFernet: undefined };
  const start = performance.now();
  let n = 0;
  for (let after = ''; ; ) {
    const page = await pageVariableValues(storage.db, after, 500);
    if (page.length === 0) break;
    for (const row of page) if (tryOpen(keys, row.value) !== undefined) n++;
    after = page[page.length - 1].id;
  }
  if (n !== COUNT) throw new Error(`decrypted ${n} of ${COUNT}`);
  return performance.now() - start;
}

async function measure(database: string, url: string): Promise<Row> {
  const storage = openStorage(url);
  try {
    const insert = await seed(storage);
    const readDecrypt = await readAndDecrypt(storage);
    const start = performance.now();
    const report = await rotateSecretKey(storage, { currentKey: OLD_KEY, newKey: NEW_KEY });
    const rotate = performance.now() - start;
    if (report.variables !== COUNT || report.storeApiKeys !== 1) throw new Error(`rotated ${JSON.stringify(report)}`);
    const sample = await storage.db.selectFrom('variable').select('value').limit(1).executeTakeFirstOrThrow();
    if (tryOpen({ fernet: fernetOf(NEW_KEY), previousFernet: undefined }, sample.value) === undefined) throw new Error('not under the new key');
    return { database, insert, readDecrypt, rotate };
  } finally {
    await storage.close();
  }
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-bench-rotation-'));
  try {
    rows.push(await measure('SQLite file', `sqlite:///${path.join(dir, 'bench.db')}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `fg_bench_${randomUUID().slice(0, 8)}`;
    await admin(adminUrl, `CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      rows.push(await measure('PostgreSQL', url.toString()));
    } finally {
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const perSecond = (ms: number) => `${Math.round(COUNT / (ms / 1000)).toLocaleString('en-US')}/s`;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `## ${new Date().toISOString()} — ${COUNT.toLocaleString('en-US')} variables, ${os.cpus().length} CPUs, ${cpu}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end`,
    '',
    '| database | insert (setup) | baseline: read + decrypt all | rotation (one transaction) | rotation rate | rotation / baseline |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.database} | ${s(r.insert)} | ${s(r.readDecrypt)} | ${s(r.rotate)} | ${perSecond(r.rotate)} | ${(r.rotate / r.readDecrypt).toFixed(1)}× |`),
    adminUrl ? '' : '\n(PostgreSQL skipped: TEST_DATABASE_URL is not set.)',
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  const file = path.join(import.meta.dirname, 'results', 'rotation.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, '# Secret-key rotation benchmark (bench/rotation.ts)\n\n');
  fs.appendFileSync(file, `${text}\n`);
}

await main();
