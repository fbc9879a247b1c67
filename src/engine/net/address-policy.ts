// Which addresses an outbound request may reach. Everything that is not a public unicast
// address is refused: loopback, private (RFC 1918, ULA), link-local (cloud metadata lives at
// 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast, reserved, documentation
// ranges, and IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4), which are
// judged by the IPv4 address inside. The allow-list (LANGFLOW_SSRF_ALLOWED_HOSTS) opens
// exceptions by host name, `*.domain`, IP or CIDR range.
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15',
  '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
const BLOCKED_V6 = [
  '::/96', '100::/64', '2001::/23', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
];

function blockListOf(v4: readonly string[], v6: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of v4) addRange(list, range);
  for (const range of v6) addRange(list, range);
  return list;
}

function addRange(list: BlockList, range: string): void {
  const [address, bits] = range.split('/');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(bits), family);
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(address: string): string | undefined {
  const groups = expandIPv6(address);
  if (!groups) return undefined;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (zero(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) {
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; :: and ::1 are blocked anyway)
    if (groups[5] === 0 && groups[6] === 0) return undefined;
    return v4(groups[6], groups[7]);
  }
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6], groups[7]); // NAT64
  if (groups[0] === 0x2002) return v4(groups[1], groups[2]); // 6to4
  return undefined;
}

function expandIPv6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1].split('.').map(Number);
    text = text.slice(0, -dotted[1].length) + `${((parts[0] << 8) | parts[1]).toString(16)}:${((parts[2] << 8) | parts[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.length === 8 ? groups.map((g) => parseInt(g, 16)) : undefined;
}

export class AddressPolicy {
  private readonly blocked = blockListOf(BLOCKED_V4, BLOCKED_V6);
  private readonly allowedAddresses = new BlockList();
  private readonly allowedNames: string[] = [];
  private readonly allowedSuffixes: string[] = [];

  /** `allowedHosts`: LANGFLOW_SSRF_ALLOWED_HOSTS entries (already validated by the config). */
  constructor(allowedHosts: readonly string[]) {
    for (const raw of allowedHosts) {
      const entry = raw.trim().toLowerCase().replace(/\.$/, '');
      if (entry.includes('/') || isIP(entry) !== 0) {
        try {
          addRange(this.allowedAddresses, entry);
        } catch {
          // the config refuses bad entries; one that slips through allows nothing
        }
      } else if (entry.startsWith('*.')) {
        this.allowedSuffixes.push(entry.slice(1));
      } else if (entry) {
        this.allowedNames.push(entry);
      }
    }
  }

  /** The operator allowed this host name (exactly, or under a `*.domain`). */
  isHostAllowed(hostname: string): boolean {
    const host = normalizeHost(hostname);
    if (this.allowedNames.includes(host)) return true;
    return this.allowedSuffixes.some((suffix) => host.endsWith(suffix) || host === suffix.slice(1));
  }

  /** The operator allowed this address (an IP or a CIDR range containing it). */
  isAddressAllowed(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    if (this.allowedAddresses.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const inner = family === 6 ? embeddedIPv4(address) : undefined;
    return inner !== undefined && this.allowedAddresses.check(inner, 'ipv4');
  }

  /** A non-public address (judged by its embedded IPv4 address too). Unparseable counts as blocked. */
  isBlocked(address: string): boolean {
    const bare = address.split('%')[0];
    const family = isIP(bare);
    if (family === 0) return true;
    if (family === 4) return this.blocked.check(bare, 'ipv4');
    if (this.blocked.check(bare, 'ipv6')) return true;
    const inner = embeddedIPv4(bare);
    return inner !== undefined && this.blocked.check(inner, 'ipv4');
  }

  /** May a request for `hostname` connect to `address`? */
  permits(hostname: string, address: string): boolean {
    return !this.isBlocked(address) || this.isHostAllowed(hostname) || this.isAddressAllowed(address);
  }
}

/** Lower case, no trailing dot, no IPv6 brackets. */
export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}
