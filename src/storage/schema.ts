// Kysely table types. Langflow's tables keep Langflow's names and columns (SPEC §5) so a
// Langflow database can be imported; Flowgate's own tables are prefixed `fg_`.
// Conventions, identical on SQLite and PostgreSQL:
// - ids are canonical lower-case UUID strings;
// - timestamps are ISO-8601 UTC strings (text on SQLite, timestamptz on PostgreSQL, read back
//   as ISO strings by db.ts);
// - booleans are written as JS booleans (db.ts turns them into 0/1 for SQLite) and read back
//   as boolean | number, so repositories pass them through `Boolean()`;
// - JSON columns are text holding JSON.

export type Bool = boolean | number;

export interface UserTable {
  id: string;
  username: string;
  /** argon2id or (imported) bcrypt hash; NO_PASSWORD for accounts that cannot log in with one. */
  password: string;
  profile_image: string | null;
  is_active: Bool;
  is_superuser: Bool;
  create_at: string;
  updated_at: string;
  last_login_at: string | null;
  /** Fernet ciphertext of the Langflow Store key, or null. */
  store_api_key: string | null;
  /** JSON text. */
  optins: string | null;
  /** usernameKey(username): the uniqueness rule. Null only in rows another program wrote. */
  username_key?: string | null;
  /** The auto-login account (at most one). */
  fg_auto_login?: Bool;
}

export interface ApiKeyTable {
  id: string;
  name: string | null;
  /** SHA-256 (hex) of the full key; never the key itself (D8). */
  api_key: string;
  /** First 8 characters of the key, kept for display. */
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  total_uses: number;
  is_active: Bool;
  user_id: string;
}

export interface VariableTable {
  id: string;
  name: string;
  /** Fernet ciphertext (Langflow encrypts every variable value). */
  value: string;
  type: string;
  /** JSON text: string[]. */
  default_fields: string;
  user_id: string;
  created_at: string;
  updated_at: string | null;
  /** True while the value is the copy taken from the environment and the user has not changed it. */
  from_env: Bool;
}

export interface FolderTable {
  id: string;
  name: string;
  description: string | null;
  parent_id: string | null;
  user_id: string | null;
  /** JSON text: the project's MCP auth settings ({auth_type: 'apikey' | 'none'}); null = apikey. */
  auth_settings: string | null;
}

export interface FlowTable {
  id: string;
  name: string;
  description: string | null;
  icon: string | null;
  icon_bg_color: string | null;
  gradient: string | null;
  /** JSON text: {nodes, edges, ...}. */
  data: string | null;
  is_component: Bool;
  updated_at: string;
  webhook: Bool;
  endpoint_name: string | null;
  /** JSON text: string[]. */
  tags: string | null;
  locked: Bool;
  mcp_enabled: Bool;
  /** The flow's MCP tool name (Langflow's action_name); null = derived from the flow's name. */
  action_name: string | null;
  /** The flow's MCP tool description; null = the flow's description. */
  action_description: string | null;
  access_type: string;
  user_id: string;
  folder_id: string | null;
  /** JSON text: fields of a Langflow flow that Flowgate does not use, kept as received. */
  extra: string | null;
  /** Bumped on every write; the ETag is derived from it (D22). */
  version: number;
}

export interface SessionTable {
  id: string;
  user_id: string;
  /** The refresh generation; a refresh token of any other generation is spent (D6). */
  generation: number;
  created_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  /** When the refresh token was last rotated (null: never). */
  rotated_at?: string | null;
}

export interface AuditEventTable {
  id: string;
  created_at: string;
  event: string;
  actor_id: string | null;
  target_id: string | null;
  ip: string | null;
  /** JSON text: reason, field names. Never values. */
  detail: string | null;
}

export interface LoginThrottleTable {
  /** `account:<lower-case username>` or `ip:<address>`. */
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
  lock_seconds: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface FileTable {
  id: string;
  user_id: string;
  flow_id: string | null;
  /** The name the user gave; never used as a path. */
  name: string;
  /** Server-generated, relative to <CONFIG_DIR>/files. */
  path: string;
  size: number;
  created_at: string;
}

/** Langflow's `message`, plus the owner (Flowgate). */
export interface MessageTable {
  id: string;
  timestamp: string;
  sender: string;
  sender_name: string;
  session_id: string;
  context_id: string | null;
  text: string;
  /** JSON text: string[]. */
  files: string;
  error: Bool;
  edit: Bool;
  /** JSON text: Langflow's message properties. */
  properties: string;
  category: string;
  /** JSON text. */
  content_blocks: string;
  flow_id: string | null;
  user_id: string;
}

export interface Database {
  user: UserTable;
  apikey: ApiKeyTable;
  variable: VariableTable;
  folder: FolderTable;
  flow: FlowTable;
  fg_session: SessionTable;
  fg_audit_event: AuditEventTable;
  fg_login_throttle: LoginThrottleTable;
  fg_meta: MetaTable;
  fg_file: FileTable;
  message: MessageTable;
}
