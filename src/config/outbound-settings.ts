// Outbound requests made by components (URL, API Request, File by URL, user-supplied model base
// URLs). Names follow Langflow's where it has one: LANGFLOW_SSRF_PROTECTION_ENABLED (Langflow's
// default is false; Flowgate's is true, SPEC §0) and LANGFLOW_SSRF_ALLOWED_HOSTS.
import { isIP } from 'node:net';
import type { OutboundConfig } from './config-types.js';
import type { Reader } from './env-reader.js';

const MIB = 1024 * 1024;
const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);

export function readOutbound(r: Reader): { outbound: OutboundConfig } {
  const ssrfProtection = r.bool('SSRF_PROTECTION_ENABLED', true);
  const allowedHosts: string[] = [];
  const hosts = r.list('SSRF_ALLOWED_HOSTS');
  if (hosts !== undefined) {
    const bad = hosts.items.filter((item) => !isAllowedHostEntry(item));
    if (bad.length > 0) {
      r.problem(
        'SSRF_ALLOWED_HOSTS',
        hosts.raw,
        `a comma-separated list of host names, *.domains, IP addresses and CIDR ranges (not: ${bad.join(', ')})`,
      );
    }
    for (const item of hosts.items) {
      const entry = item.toLowerCase().replace(/\.$/, '');
      if (isAllowedHostEntry(item) && !allowedHosts.includes(entry)) allowedHosts.push(entry);
    }
  }
  const maxResponseBytes = r.int('OUTBOUND_MAX_RESPONSE_MB', 10, 1024) * MIB;
  const timeoutSeconds = r.int('OUTBOUND_TIMEOUT_SECONDS', 30, MAX_TIMER_SECONDS);
  return { outbound: { ssrfProtection, allowedHosts, maxResponseBytes, timeoutSeconds } };
}

/** `example.com`, `*.example.com`, `10.0.0.5`, `10.0.0.0/8`, `fd00::/8`. */
export function isAllowedHostEntry(entry: string): boolean {
  const text = entry.trim();
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const address = text.slice(0, slash);
    const bits = text.slice(slash + 1);
    const family = isIP(address);
    if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
    return Number(bits) <= (family === 4 ? 32 : 128);
  }
  if (isIP(text) !== 0) return true;
  const host = text.startsWith('*.') ? text.slice(2) : text;
  return /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(host);
}
