// GET /flows/basic_examples/: the starter flows as Langflow's FlowRead list. Langflow's own UI
// waits for this list before it shows anything (its templates page is built from it). The
// examples belong to nobody (user_id null) and have ids derived from their names, so they
// are the same on every instance and across restarts.
import { createHash } from 'node:crypto';
import { starterFlows } from '../../engine/starters.js';

export interface BasicExample {
  id: string;
  name: string;
  description: string;
  data: Record<string, unknown>;
  [field: string]: unknown;
}

const EPOCH = '2024-01-01T00:00:00+00:00';

/** A UUID (version 5 layout) derived from the starter's name. */
function exampleId(name: string): string {
  const bytes = createHash('sha256').update(`flowgate-starter:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function listBasicExamples(): BasicExample[] {
  return starterFlows().map((starter) => ({
    id: exampleId(starter.name),
    name: starter.name,
    description: starter.description,
    icon: null,
    icon_bg_color: null,
    gradient: null,
    data: starter.data,
    is_component: false,
    updated_at: EPOCH,
    webhook: false,
    endpoint_name: null,
    tags: starter.tags,
    locked: false,
    mcp_enabled: false,
    access_type: 'PRIVATE',
    action_name: null,
    action_description: null,
    user_id: null,
    folder_id: null,
  }));
}
