// 100,000 users, 100,000 API keys and 100,000 flows written straight into a migrated SQLite file
// (one transaction), for the scale scenarios. Users cannot log in (no password), keys are random.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

export function seedScale(file: string, count: number): void {
  const db = new Database(file);
  const user = db.prepare(
    `insert into user (id, username, password, profile_image, is_active, is_superuser, create_at, updated_at, last_login_at, store_api_key, optins)
     values (?, ?, '!', null, 1, 0, ?, ?, null, null, null)`,
  );
  const key = db.prepare(
    `insert into apikey (id, name, api_key, key_prefix, created_at, last_used_at, total_uses, is_active, user_id)
     values (?, 'seed', ?, 'sk-seed0', ?, null, 0, 1, ?)`,
  );
  const flow = db.prepare(
    `insert into flow (id, name, description, icon, icon_bg_color, gradient, data, is_component, updated_at, webhook, endpoint_name,
                       tags, locked, mcp_enabled, access_type, user_id, folder_id, extra, version)
     values (?, ?, null, null, null, null, '{"nodes":[],"edges":[]}', 0, ?, 0, null, '[]', 0, 0, 'PRIVATE', ?, null, null, 1)`,
  );
  const base = Date.parse('2025-01-01T00:00:00Z');
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const at = new Date(base + i * 1000).toISOString();
      user.run(id, `scale-user-${String(i).padStart(6, '0')}`, at, at);
      key.run(randomUUID(), createHash('sha256').update(randomBytes(16)).digest('hex'), at, id);
      flow.run(randomUUID(), `flow ${i}`, at, id);
    }
  })();
  db.close();
}
