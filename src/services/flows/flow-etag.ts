// D22: a flow's ETag names its id and version; If-Match carries it back on a save.
import type { FlowRecord } from '../../storage/repositories/flows.js';

export function flowEtag(flow: Pick<FlowRecord, 'id' | 'version'>): string {
  return `"${flow.id}-${flow.version}"`;
}

/**
 * The version an If-Match header requires of this flow: undefined when there is no
 * precondition (absent, or `*` for a flow that exists). A tag naming another flow or nothing
 * parseable can never match (-1). A weak tag (W/) is compared as its strong value.
 */
export function expectedVersion(ifMatch: string | undefined, flowId: string): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*')) return undefined;
  const prefix = `"${flowId.toLowerCase()}-`;
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (lower.startsWith(prefix) && lower.endsWith('"')) {
      const version = lower.slice(prefix.length, -1);
      if (/^\d{1,15}$/.test(version)) return Number(version);
    }
  }
  // Never matches: the save gets 409 if the flow exists, 404 if not (nothing learnt either way).
  return -1;
}
