// The SSRF guard: which addresses are refused, what the allow-list opens, and the guarded fetch
// itself (every resolved address checked, the checked address used, every redirect checked,
// credentials dropped across origins, sizes and times capped) against real loopback servers.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { AddressPolicy, embeddedIPv4 } from '../../src/engine/net/address-policy.js';
import { OutboundBlockedError, OutboundRequestError } from '../../src/engine/net/errors.js';
import { createOutbound, type OutboundPolicy, type Resolver } from '../../src/engine/net/outbound.js';
import { outboundPolicy } from '../../src/services/outbound.js';

describe('address policy', () => {
  const policy = new AddressPolicy([]);
  it.each([
    '127.0.0.1', '127.255.255.254', '0.0.0.0', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255',
    '192.168.1.1', '169.254.169.254', '169.254.0.1', '100.64.0.1', '100.127.255.255', '192.0.0.1', '192.0.2.1',
    '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd00:ec2::254', 'ff02::1', '2001:db8::1', '100::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::127.0.0.1',
    '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '2002:a9fe:a9fe::1', 'not-an-ip', '',
  ])('refuses %s', (address) => {
    expect(policy.isBlocked(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1'])(
    'lets %s through',
    (address) => {
      expect(policy.isBlocked(address)).toBe(false);
    },
  );

  it('reads the IPv4 address inside IPv6 forms', () => {
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(embeddedIPv4('64:ff9b::a00:1')).toBe('10.0.0.1');
    expect(embeddedIPv4('2002:c0a8:101::')).toBe('192.168.1.1');
    expect(embeddedIPv4('2606:4700::1')).toBeUndefined();
    expect(embeddedIPv4('::1')).toBeUndefined();
  });

  it('opens exceptions by name, *.domain, IP and CIDR, and nothing else', () => {
    const allow = new AddressPolicy(['intranet.example', '*.corp.example', '10.1.2.3', '192.168.0.0/16', 'fd00::/8']);
    expect(allow.permits('intranet.example', '10.9.9.9')).toBe(true);
    expect(allow.permits('INTRANET.EXAMPLE.', '10.9.9.9')).toBe(true);
    expect(allow.permits('api.corp.example', '10.9.9.9')).toBe(true);
    expect(allow.permits('corp.example', '10.9.9.9')).toBe(true);
    expect(allow.permits('evilcorp.example', '10.9.9.9')).toBe(false);
    expect(allow.permits('intranet.example.evil', '10.9.9.9')).toBe(false);
    expect(allow.permits('x.test', '10.1.2.3')).toBe(true);
    expect(allow.permits('x.test', '10.1.2.4')).toBe(false);
    expect(allow.permits('x.test', '192.168.44.5')).toBe(true);
    expect(allow.permits('x.test', '::ffff:192.168.44.5')).toBe(true);
    expect(allow.permits('x.test', 'fd12::1')).toBe(true);
    expect(allow.permits('x.test', '127.0.0.1')).toBe(false);
    expect(allow.permits('x.test', '8.8.8.8')).toBe(true);
  });
});

describe('outbound configuration', () => {
  it('protects by default, with 10 MB and 30 s limits', () => {
    const config = parseConfig({});
    expect(config.outbound).toEqual({ ssrfProtection: true, allowedHosts: [], maxResponseBytes: 10 * 1024 * 1024, timeoutSeconds: 30 });
    expect(outboundPolicy(config)).toEqual({ protect: true, allowedHosts: [], maxResponseBytes: 10 * 1024 * 1024, timeoutMs: 30_000 });
  });

  it('reads Langflow\'s names', () => {
    const config = parseConfig({
      LANGFLOW_SSRF_PROTECTION_ENABLED: 'false',
      LANGFLOW_SSRF_ALLOWED_HOSTS: 'Internal.Example., *.corp.example,10.0.0.0/8, ::1',
      LANGFLOW_OUTBOUND_MAX_RESPONSE_MB: '2',
      LANGFLOW_OUTBOUND_TIMEOUT_SECONDS: '5',
    });
    expect(config.outbound).toEqual({
      ssrfProtection: false,
      allowedHosts: ['internal.example', '*.corp.example', '10.0.0.0/8', '::1'],
      maxResponseBytes: 2 * 1024 * 1024,
      timeoutSeconds: 5,
    });
  });

  it('refuses bad allow-list entries and limits, naming them', () => {
    let error: unknown;
    try {
      parseConfig({ LANGFLOW_SSRF_ALLOWED_HOSTS: 'ok.example,10.0.0.0/33,http://x.example/', LANGFLOW_OUTBOUND_TIMEOUT_SECONDS: '0', LANGFLOW_SSRF_PROTECTION_ENABLED: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toContain('LANGFLOW_SSRF_ALLOWED_HOSTS');
    expect(text).toContain('10.0.0.0/33, http://x.example/');
    expect(text).toContain('LANGFLOW_OUTBOUND_TIMEOUT_SECONDS');
    expect(text).toContain('LANGFLOW_SSRF_PROTECTION_ENABLED');
  });
});

describe('guarded fetch', () => {
  let server: http.Server;
  let base: string;
  let port: number;
  const seen: { url: string; authorization?: string; host?: string }[] = [];
  const policy: OutboundPolicy = { protect: true, allowedHosts: [], maxResponseBytes: 1000, timeoutMs: 5000 };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, host: req.headers.host });
      if (req.url === '/hop') res.writeHead(302, { location: `http://other.test:${port}/landed` }).end();
      else if (req.url === '/same') res.writeHead(307, { location: '/landed' }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (req.url === '/big') res.end('y'.repeat(5000));
      else if (req.url === '/chunked-big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 10; i++) res.write('z'.repeat(200));
        res.end();
      } else if (req.url === '/slow') setTimeout(() => res.end('late'), 3000);
      else res.end(`ok ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  // Names resolve to the loopback server, except `public.test`, which answers round-robin.
  const resolver: Resolver = async (host) =>
    host === 'public.test'
      ? [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }]
      : host === 'nowhere.test'
        ? Promise.reject(new Error('ENOTFOUND'))
        : [{ address: '127.0.0.1', family: 4 }];

  async function attempt(outboundPolicy: OutboundPolicy, url: string, init = {}) {
    const outbound = createOutbound({ policy: outboundPolicy, resolver });
    try {
      const response = await outbound.fetch(url, init);
      return { status: response.status, text: await response.text(), url: response.url };
    } catch (error) {
      return { error: error as Error };
    } finally {
      await outbound.close();
    }
  }

  it('refuses a name that resolves to loopback, and any name with one bad address among several', async () => {
    const before = seen.length;
    for (const host of ['innocent.test', 'public.test']) {
      const result = await attempt(policy, `http://${host}:${port}/x`);
      expect(result.error).toBeInstanceOf(OutboundBlockedError);
      expect(result.error!.message).toContain(`Requests to ${host} are blocked`);
    }
    expect(seen.length).toBe(before);
  });

  it('connects to the address it checked (an allowed name reaches the server it resolved to)', async () => {
    const result = await attempt({ ...policy, allowedHosts: ['pinned.test'] }, `http://pinned.test:${port}/pinned`);
    expect(result).toEqual({ status: 200, text: 'ok /pinned', url: `http://pinned.test:${port}/pinned` });
    expect(seen.at(-1)!.host).toBe(`pinned.test:${port}`);
  });

  it('checks every redirect hop and drops credentials across origins', async () => {
    // Allowed by name only: the hop's other name resolves to the same loopback address and is refused.
    const blocked = await attempt({ ...policy, allowedHosts: ['trusted.test'] }, `http://trusted.test:${port}/hop`);
    expect(blocked.error).toBeInstanceOf(OutboundBlockedError);
    expect(blocked.error!.message).toContain('Requests to other.test are blocked');

    const both = { ...policy, allowedHosts: ['127.0.0.1', 'other.test'] };
    const followed = await attempt(both, `${base}/hop`, { headers: { authorization: 'Bearer secret' } });
    expect(followed).toEqual({ status: 200, text: 'ok /landed', url: `http://other.test:${port}/landed` });
    expect(seen.at(-1)!.authorization).toBeUndefined();
    expect(seen.at(-2)!.authorization).toBe('Bearer secret');

    const same = await attempt(both, `${base}/same`, { headers: { authorization: 'Bearer secret' } });
    expect(same.text).toBe('ok /landed');
    expect(seen.at(-1)!.authorization).toBe('Bearer secret');

    const manual = await attempt(both, `${base}/hop`, { followRedirects: false });
    expect(manual.status).toBe(302);

    const loop = await attempt(both, `${base}/loop`);
    expect(loop.error).toBeInstanceOf(OutboundRequestError);
    expect(loop.error!.message).toContain('Too many redirects');
  });

  it('caps the response size, declared or streamed', async () => {
    const open = { ...policy, allowedHosts: ['127.0.0.1'] };
    for (const path of ['/big', '/chunked-big']) {
      const result = await attempt(open, `${base}${path}`);
      expect(result.error).toBeInstanceOf(OutboundRequestError);
      expect(result.error!.message).toContain('is larger than');
    }
  });

  it('stops a request at its time limit and names the host', async () => {
    const result = await attempt({ ...policy, allowedHosts: ['127.0.0.1'], timeoutMs: 200 }, `${base}/slow`);
    expect(result.error).toBeInstanceOf(OutboundRequestError);
    expect(result.error!.message).toBe('The request to 127.0.0.1:' + port + ' took longer than 0.2 seconds');
  });

  it('refuses other schemes and reports DNS failures without details', async () => {
    expect((await attempt(policy, 'file:///etc/passwd')).error!.message).toBe('Invalid URL scheme "file": only http and https are allowed');
    expect((await attempt(policy, 'gopher://x.test/')).error).toBeInstanceOf(OutboundRequestError);
    const dns = await attempt(policy, 'http://nowhere.test/');
    expect(dns.error).toBeInstanceOf(OutboundRequestError);
    expect(dns.error!.message).toBe('nowhere.test could not be resolved');
  });

  it('with protection off, loopback is reachable (the operator chose it)', async () => {
    const result = await attempt({ ...policy, protect: false }, `${base}/free`);
    expect(result.text).toBe('ok /free');
  });

  it('trustedFetch skips the address check but keeps the limits', async () => {
    const outbound = createOutbound({ policy, resolver });
    try {
      expect(await (await outbound.trustedFetch(`${base}/provider`)).text()).toBe('ok /provider');
      await expect(outbound.trustedFetch(`${base}/big`)).rejects.toThrow('is larger than');
      await expect(outbound.fetch(`${base}/provider`)).rejects.toBeInstanceOf(OutboundBlockedError);
    } finally {
      await outbound.close();
    }
  });
});
