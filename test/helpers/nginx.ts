// Debian's nginx run as a test process: deploy/nginx.conf with only its addresses changed (the
// upstream servers, the listen ports on 127.0.0.1, a throwaway certificate for localhost), under
// a temporary prefix, in the foreground. Reloads (SIGHUP) wait until every old worker is gone, so
// a test knows no request can still reach an instance that was taken out of the upstream.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const DEPLOY_CONF = path.resolve(import.meta.dirname, '../../deploy/nginx.conf');

export interface Nginx {
  /** https://localhost:<port>, the TLS server of deploy/nginx.conf. */
  httpsUrl: string;
  /** http://localhost:<port>, its redirect server. */
  httpUrl: string;
  /** The certificate (PEM) to trust for httpsUrl. */
  ca: string;
  /** Marks upstream server `index` down (or up again) and reloads. */
  setDown(index: number, down: boolean): Promise<void>;
  log(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Replaces exactly `count` matches: the test fails loudly if deploy/nginx.conf changes shape. */
function replaceExactly(text: string, pattern: RegExp, count: number, replace: (match: string, ...groups: string[]) => string): string {
  const found = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))?.length ?? 0;
  if (found !== count) throw new Error(`deploy/nginx.conf: expected ${count} match(es) of ${pattern}, found ${found}`);
  return text.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), replace as (substring: string, ...args: unknown[]) => string);
}

/** deploy/nginx.conf pointed at these upstream ports, listening on these local ports. */
export function deployConfig(options: { upstreamPorts: number[]; down: boolean[]; httpPort: number; httpsPort: number; cert: string; key: string }): string {
  let text = fs.readFileSync(DEPLOY_CONF, 'utf8');
  let i = 0;
  text = replaceExactly(text, /^(\s*)server\s+\S+:7860([^;]*);/m, options.upstreamPorts.length, (_match, indent, rest) => {
    const index = i++;
    return `${indent}server 127.0.0.1:${options.upstreamPorts[index]}${rest}${options.down[index] ? ' down' : ''};`;
  });
  text = replaceExactly(text, /listen 80;/, 1, () => `listen 127.0.0.1:${options.httpPort};`);
  text = replaceExactly(text, /listen 443 ssl/, 1, () => `listen 127.0.0.1:${options.httpsPort} ssl`);
  text = replaceExactly(text, /ssl_certificate\s+\S+;/, 1, () => `ssl_certificate ${options.cert};`);
  text = replaceExactly(text, /ssl_certificate_key\s+\S+;/, 1, () => `ssl_certificate_key ${options.key};`);
  return text;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the command name in parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

async function waitFor(check: () => boolean, what: string, detail: () => string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`nginx: gave up waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'flowgate-nginx-'));
  const cert = path.join(prefix, 'localhost.crt');
  const key = path.join(prefix, 'localhost.key');
  // An ECDSA key: cheaper handshakes than RSA for a test that opens a connection per request.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const down = upstreamPorts.map(() => false);
  const errorLog = path.join(prefix, 'error.log');
  const confFile = path.join(prefix, 'nginx.conf');
  const writeConfig = () =>
    fs.writeFileSync(
      confFile,
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${path.join(prefix, 'nginx.pid')};`,
        `error_log ${errorLog} warn;`,
        // As root, nginx would switch its workers to `nobody`, who cannot use this prefix.
        process.getuid?.() === 0 ? 'user root;' : '',
        'events { worker_connections 1024; }',
        'http {',
        `  access_log ${path.join(prefix, 'access.log')};`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(prefix, `${kind}_temp`)};`),
        deployConfig({ upstreamPorts, down, httpPort, httpsPort, cert, key }),
        '}',
        '',
      ].join('\n'),
    );
  writeConfig();
  const log = () => (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '');
  execFileSync(NGINX, ['-t', '-q', '-p', prefix, '-c', confFile, '-e', errorLog], { stdio: 'pipe' });
  const master: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', confFile, '-e', errorLog], { stdio: 'ignore' });
  let exited = false;
  master.once('exit', () => (exited = true));
  const listening = async () => {
    for (const port of [httpPort, httpsPort]) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (!ok) return false;
    }
    return true;
  };
  for (const started = Date.now(); !(await listening()); ) {
    if (exited || Date.now() - started > 30_000) throw new Error(`nginx did not start:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await waitFor(() => childrenOf(master.pid!).length > 0, 'its worker', log);

  return {
    httpsUrl: `https://localhost:${httpsPort}`,
    httpUrl: `http://localhost:${httpPort}`,
    ca: fs.readFileSync(cert, 'utf8'),
    log,
    async setDown(index, isDown) {
      down[index] = isDown;
      writeConfig();
      const old = childrenOf(master.pid!);
      master.kill('SIGHUP');
      // New workers started, old ones (which may hold connections to the old upstreams) gone.
      await waitFor(
        () => {
          const now = childrenOf(master.pid!);
          return now.length > 0 && now.every((pid) => !old.includes(pid));
        },
        'the reload (old workers gone, new ones running)',
        log,
      );
    },
    async close() {
      if (!exited) {
        const gone = new Promise((resolve) => master.once('exit', resolve));
        master.kill('SIGTERM');
        await gone;
      }
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}
