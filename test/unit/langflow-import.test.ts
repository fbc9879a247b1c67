// The import's decisions without a database: Langflow's id and timestamp forms, MCP auth
// settings, and the plan's rules (clashes, orphans, default passwords, D1, keys Langflow kept
// only as a hash, a wrong key found before anything is written).
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { Fernet } from '../../src/auth/fernet.js';
import { hashApiKey } from '../../src/auth/api-key.js';
import { NO_PASSWORD } from '../../src/auth/password.js';
import { deriveFernetKey } from '../../src/auth/secret-key.js';
import { convertAuthSettings } from '../../src/services/langflow-import/auth-settings.js';
import { ImportError } from '../../src/services/langflow-import/import-errors.js';
import { LangflowKey } from '../../src/services/langflow-import/langflow-key.js';
import { buildPlan, type LangflowData, type PlanOptions, type TargetState } from '../../src/services/langflow-import/plan.js';
import { formatSummary } from '../../src/services/langflow-import/summary.js';
import { canonicalId, isoTimestamp, type LfUser } from '../../src/storage/langflow/records.js';

const LANGFLOW_KEY = 'langflow-secret-key-for-unit-tests-0123456789';
const langflowFernet = new Fernet(deriveFernetKey(LANGFLOW_KEY).fernetKey);
// Cost 4: these tests check the rules, not bcrypt's cost.
const bcryptOf = (password: string) => bcrypt.hashSync(password, 4);

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const EMPTY: TargetState = { users: [], folders: [], flows: [], apiKeys: [], variables: [] };

function user(n: number, username: string, password = bcryptOf(`pw-${username}`), extra: Partial<LfUser> = {}): LfUser {
  return {
    id: id(n),
    username,
    password,
    profileImage: null,
    isActive: true,
    isSuperuser: false,
    createAt: '2026-01-01T00:00:00.000Z',
    updatedAt: null,
    lastLoginAt: null,
    storeApiKey: null,
    optins: null,
    ...extra,
  };
}

function data(partial: Partial<LangflowData>): LangflowData {
  return { users: [], folders: [], flows: [], apiKeys: [], variables: [], ...partial };
}

function options(partial: Partial<PlanOptions> = {}): PlanOptions {
  return { onConflict: 'fail', langflowKey: new LangflowKey(LANGFLOW_KEY), seal: (p) => `sealed:${p}`, now: '2026-12-01T00:00:00.000Z', ...partial };
}

describe('Langflow record forms', () => {
  it('ids: uuid.hex (SQLite) and dashed (PostgreSQL) become the same canonical UUID', () => {
    expect(canonicalId('4BCB393255A1435F95D77CC5329DB1D1')).toBe('4bcb3932-55a1-435f-95d7-7cc5329db1d1');
    expect(canonicalId('4bcb3932-55a1-435f-95d7-7cc5329db1d1')).toBe('4bcb3932-55a1-435f-95d7-7cc5329db1d1');
  });

  it('naive timestamps are UTC', () => {
    expect(isoTimestamp('2026-10-18 02:15:03.039312')).toBe('2026-10-18T02:15:03.039Z');
    expect(isoTimestamp('2026-10-18T02:15:03+02:00')).toBe('2026-10-18T00:15:03.000Z');
    expect(isoTimestamp('2026-10-18 02:15:03.5+00')).toBe('2026-10-18T02:15:03.500Z');
    expect(isoTimestamp(null)).toBeNull();
    expect(isoTimestamp('not a date')).toBeNull();
  });
});

describe('MCP auth settings', () => {
  it('apikey and none are kept; oauth and unknown types become apikey (stricter); secrets are not carried', () => {
    expect(convertAuthSettings(null)).toEqual({ value: null });
    expect(convertAuthSettings('{"auth_type":"none"}')).toEqual({ value: '{"auth_type":"none"}' });
    const withKey = convertAuthSettings(JSON.stringify({ auth_type: 'apikey', api_key: langflowFernet.encrypt('sk-secret') }));
    expect(withKey).toEqual({ value: '{"auth_type":"apikey"}' });
    const oauth = convertAuthSettings(JSON.stringify({ auth_type: 'oauth', oauth_client_secret: 'gAAAA-something' }));
    expect(oauth.value).toBe('{"auth_type":"apikey"}');
    expect(oauth.note).toMatch(/not supported/);
    expect(convertAuthSettings('{oops').value).toBe('{"auth_type":"apikey"}');
  });
});

describe('the import plan', () => {
  it('keeps bcrypt hashes, locks the default langflow/langflow account, and applies D1 to the auto-login account', async () => {
    const plan = await buildPlan(
      data({ users: [user(1, 'langflow', bcryptOf('langflow')), user(2, 'alice'), user(3, 'carol', 'pbkdf2:sha256:unknown')] }),
      EMPTY,
      options(),
    );
    const byName = Object.fromEntries(plan.users.map((u) => [u.username, u.password]));
    expect(byName.langflow).toBe(NO_PASSWORD);
    expect(byName.alice).toMatch(/^\$2[aby]\$04\$/);
    expect(byName.carol).toBe(NO_PASSWORD);
    expect(plan.summary.flagged).toEqual(['langflow']);

    const admin = await buildPlan(data({ users: [user(4, 'Admin', bcryptOf('Admin')), user(5, 'dave', bcryptOf('dave'))] }), EMPTY, options());
    // admin/admin is a known default; any other account whose password is its name is not checked (it would cost a bcrypt each).
    expect(admin.summary.flagged).toEqual(['Admin']);
    expect(admin.users.map((u) => u.password === NO_PASSWORD)).toEqual([true, false]);

    const own = await buildPlan(data({ users: [user(1, 'langflow', bcryptOf('a-real-password'))] }), EMPTY, options());
    expect(own.users[0]!.password).toBe(NO_PASSWORD);
    expect(own.summary.flagged).toEqual([]);
    const kept = await buildPlan(data({ users: [user(1, 'langflow', bcryptOf('a-real-password'))] }), EMPTY, options({ keepAutoLoginPassword: true }));
    expect(kept.users[0]!.password).toMatch(/^\$2/);
    // Even when asked, the default password never comes over.
    const defaulted = await buildPlan(data({ users: [user(1, 'langflow', bcryptOf('langflow'))] }), EMPTY, options({ keepAutoLoginPassword: true }));
    expect(defaulted.users[0]!.password).toBe(NO_PASSWORD);
  });

  it('a wrong Langflow key is found before anything is written, with a count per kind and no value', async () => {
    const other = new Fernet(deriveFernetKey('some-other-key-entirely-0123456789abcdef').fernetKey);
    const input = data({
      users: [user(1, 'alice', undefined, { storeApiKey: other.encrypt('store-secret') })],
      variables: [
        { id: id(10), name: 'A', value: other.encrypt('secret-a'), type: 'Credential', defaultFields: null, userId: id(1), createdAt: null, updatedAt: null },
        { id: id(11), name: 'B', value: 'plain generic', type: 'Generic', defaultFields: null, userId: id(1), createdAt: null, updatedAt: null },
      ],
    });
    const error = await buildPlan(input, EMPTY, options()).catch((e) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(/does not decrypt 2 encrypted value\(s\) \(1 Store key\(s\), 1 variable value\(s\)\)/);
    expect(error.message).not.toMatch(/secret-a|store-secret/);
  });

  it('Credentials and Generic values are re-sealed; plaintext Langflow API keys become hashes; hashed ones are listed, never dropped silently', async () => {
    const plan = await buildPlan(
      data({
        users: [user(1, 'alice')],
        variables: [
          { id: id(10), name: 'A', value: langflowFernet.encrypt('secret-a'), type: 'Credential', defaultFields: '["x"]', userId: id(1), createdAt: null, updatedAt: null },
          { id: id(11), name: 'B', value: 'plain generic', type: 'Generic', defaultFields: null, userId: id(1), createdAt: null, updatedAt: null },
        ],
        apiKeys: [
          { id: id(20), name: 'plain', apiKey: 'sk-plain-key-1', createdAt: null, lastUsedAt: null, totalUses: 3, isActive: true, userId: id(1) },
          { id: id(21), name: 'encrypted', apiKey: langflowFernet.encrypt('sk-encrypted-key'), createdAt: null, lastUsedAt: null, totalUses: 0, isActive: true, userId: id(1) },
          { id: id(22), name: 'hashed', apiKey: 'a'.repeat(64), createdAt: null, lastUsedAt: null, totalUses: 0, isActive: true, userId: id(1) },
        ],
      }),
      EMPTY,
      options(),
    );
    expect(plan.variables.map((v) => v.value)).toEqual(['sealed:secret-a', 'sealed:plain generic']);
    expect(plan.apiKeys.map((k) => k.api_key)).toEqual([hashApiKey('sk-plain-key-1'), hashApiKey('sk-encrypted-key')]);
    expect(plan.apiKeys[0]!.key_prefix).toBe('sk-plain');
    expect(plan.summary.tallies.apiKeys.skippedCount).toBe(1);
    expect(plan.summary.notes.join('\n')).toMatch(/1 API key\(s\) are not importable.*"hashed" of alice/);
  });

  it('orphans are skipped unless --orphans-to names a user; dangling owners count as orphans', async () => {
    const input = data({
      users: [user(1, 'admin')],
      folders: [{ id: id(30), name: 'Starter Projects', description: null, parentId: null, userId: null, authSettings: null }],
      flows: [
        { id: id(40), name: 'Template', userId: null, folderId: id(30), endpointName: null },
        { id: id(41), name: 'Dangling', userId: id(99), folderId: null, endpointName: null },
      ],
    });
    const skipped = await buildPlan(input, EMPTY, options());
    expect(skipped.flows.size).toBe(0);
    expect([...skipped.summary.tallies.flows.skipped.keys()]).toEqual(['no owner in Langflow (use --orphans-to USER)']);
    const adopted = await buildPlan(input, EMPTY, options({ orphansTo: 'ADMIN' }));
    expect([...adopted.flows.values()].map((f) => [f.name, f.userId, f.folderId])).toEqual([
      ['Template', id(1), id(30)],
      ['Dangling', id(1), null],
    ]);
    await expect(buildPlan(input, EMPTY, options({ orphansTo: 'ghost' }))).rejects.toThrow(/--orphans-to ghost: no such user/);
  });

  it('clashes inside the Langflow data itself (Alice and alice) follow --on-conflict too', async () => {
    const input = data({ users: [user(1, 'Alice'), user(2, 'alice')] });
    await expect(buildPlan(input, EMPTY, options())).rejects.toThrow(/1 record\(s\) clash/);
    const renamed = await buildPlan(input, EMPTY, options({ onConflict: 'rename' }));
    expect(renamed.users.map((u) => u.username)).toEqual(['Alice', 'alice-langflow']);
  });

  it('flows of an existing owner: name and endpoint clashes are renamed the way Langflow renames', async () => {
    const target: TargetState = {
      ...EMPTY,
      users: [{ id: id(1), username: 'alice' }],
      flows: [{ id: id(50), user_id: id(1), name: 'Pirate', endpoint_name: 'pirate' }],
    };
    const input = data({ users: [user(1, 'alice')], flows: [{ id: id(51), name: 'Pirate', userId: id(1), folderId: null, endpointName: 'pirate' }] });
    const plan = await buildPlan(input, target, options({ onConflict: 'rename' }));
    expect(plan.summary.tallies.users.already).toBe(1);
    expect([...plan.flows.values()].map((f) => [f.name, f.endpointName])).toEqual([['Pirate (1)', 'pirate-1']]);
    const skip = await buildPlan(input, target, options({ onConflict: 'skip' }));
    expect(skip.flows.size).toBe(0);
  });

  it('the summary table names the columns and the reasons', async () => {
    const plan = await buildPlan(data({ users: [user(1, 'a')], flows: [{ id: id(40), name: 'T', userId: null, folderId: null, endpointName: null }] }), EMPTY, options({ seal: undefined }));
    const text = formatSummary(plan.summary);
    expect(text).toMatch(/found\s+would import\s+renamed\s+already there\s+skipped/);
    expect(text).toMatch(/flows: 1 skipped, no owner in Langflow/);
    expect(text).toMatch(/Dry run: nothing was written/);
  });
});
