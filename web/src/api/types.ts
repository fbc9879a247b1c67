// Shapes of the Langflow-compatible API as the UI reads them (SPEC §4). Fields the UI does not
// use are left out; optional ones may be missing on older servers or imported data.

export interface User {
  id: string;
  username: string;
  profile_image: string | null;
  is_active: boolean;
  is_superuser: boolean;
  create_at: string | null;
  updated_at: string | null;
  last_login_at: string | null;
}

export interface SessionInfo {
  authenticated: boolean;
  user: User | null;
  /** Flowgate: whether auto-login is on, and whether a refresh cookie came with the request. */
  auto_login?: boolean;
  refreshable?: boolean;
}

export interface UsersPage {
  total_count: number;
  users: User[];
}

export interface Project {
  id: string;
  name: string;
  description: string | null;
  parent_id: string | null;
}

export interface TemplateField {
  type?: string;
  value?: unknown;
  show?: boolean;
  advanced?: boolean;
  display_name?: string;
  name?: string;
  info?: string;
  password?: boolean;
  multiline?: boolean;
  list?: boolean;
  options?: unknown[];
  load_from_db?: boolean;
  required?: boolean;
  _input_type?: string;
}

export interface NodeInfo {
  display_name?: string;
  description?: string;
  template?: Record<string, TemplateField | unknown>;
}

export interface FlowNode {
  id: string;
  type?: string;
  position?: { x: number; y: number };
  width?: number;
  height?: number;
  measured?: { width?: number; height?: number };
  data?: { id?: string; type?: string; node?: NodeInfo; [key: string]: unknown };
  [key: string]: unknown;
}

export interface FlowEdge {
  id?: string;
  source: string;
  target: string;
  [key: string]: unknown;
}

export interface FlowData {
  nodes: FlowNode[];
  edges: FlowEdge[];
  [key: string]: unknown;
}

export interface Flow {
  id: string;
  name: string;
  description: string | null;
  folder_id: string | null;
  endpoint_name: string | null;
  updated_at: string | null;
  data: FlowData | null;
  access_type?: string;
  is_component?: boolean;
  [key: string]: unknown;
}

export interface StarterProject {
  name: string;
  description: string | null;
  data: FlowData | null;
  [key: string]: unknown;
}

export interface ApiKey {
  id: string;
  name: string | null;
  api_key: string;
  created_at: string | null;
  last_used_at: string | null;
  total_uses: number;
  is_active?: boolean;
}

export interface ApiKeysList {
  total_count: number;
  user_id: string;
  api_keys: ApiKey[];
}

export interface CreatedApiKey extends ApiKey {
  /** The full key, returned once. */
  api_key: string;
}

export type VariableType = 'Generic' | 'Credential';

export interface Variable {
  id: string;
  name: string;
  type: string | null;
  /** Always null for Credential variables. */
  value: string | null;
  default_fields: string[] | null;
  updated_at?: string | null;
}

export interface AuditEvent {
  id: string;
  created_at: string;
  event: string;
  actor_id: string | null;
  actor_username: string | null;
  target_id: string | null;
  target_username: string | null;
  ip: string | null;
  detail: unknown;
}

export interface AuditPage {
  total_count: number;
  events: AuditEvent[];
}

export interface RunOutput {
  outputs?: { message?: { message?: unknown; text?: unknown; type?: string } };
  results?: { message?: { text?: unknown } };
  [key: string]: unknown;
}

export interface RunResponse {
  session_id?: string;
  outputs?: Array<{ inputs?: unknown; outputs?: RunOutput[] }>;
}
