// The Dockerfile and deploy/compose.yaml cannot be built or run here (no Docker daemon), so what
// can be checked without one is checked: the files agree with each other and with the build (the
// paths the image copies and starts, the port, the nginx upstream names, the secrets kept out of
// the image), and the image's HEALTHCHECK command, run as it is against a real server, says
// healthy, and unhealthy when nothing answers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/http/static-ui.js';
import { sqliteKind } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('deploy/compose.yaml');
const nginx = read('deploy/nginx.conf');
const docs = read('docs/deployment.md');
const kubernetes = /## Kubernetes \(example\)\s*```yaml\n([\s\S]*?)```/.exec(docs)![1];
const dockerignore = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

/** Dockerfile instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const stages = instructions.reduce<string[][]>((all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all.at(-1)!.push(line), all)), []);
const runtime = stages.at(-1)!;

/** .dockerignore's plain names and `*` globs, as Docker matches them against a path in the context. */
function ignored(file: string): boolean {
  return dockerignore.some((pattern) => {
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}(/.*)?$`);
    return regex.test(file);
  });
}

describe('Dockerfile', () => {
  it('is multi-stage, runs as a non-root user, and has a HEALTHCHECK on /health_check', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const user = runtime.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user!.slice('USER '.length).trim()).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK '))).toContain('/health_check');
  });

  it('starts the file the build writes for src/main.ts, with the flags of bin/flowgate.js', () => {
    const cmd = JSON.parse(runtime.find((line) => line.startsWith('CMD '))!.slice('CMD '.length)) as string[];
    const tsconfig = JSON.parse(read('tsconfig.json').replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: { outDir: string; rootDir: string } };
    const script = cmd.find((arg) => arg.endsWith('.js'))!;
    expect(path.normalize(script)).toBe(path.join(tsconfig.compilerOptions.outDir, path.relative(tsconfig.compilerOptions.rootDir, 'src/main.ts')).replace(/\.ts$/, '.js'));
    expect(fs.existsSync(path.join(ROOT, 'src/main.ts'))).toBe(true);
    const shebangFlags = read('bin/flowgate.js').split('\n')[0].split(' ').filter((word) => word.startsWith('--') && word !== '--');
    expect(cmd.filter((arg) => arg.startsWith('--'))).toEqual(shebangFlags);
    expect(cmd.at(-1)).toBe('run');
  });

  it('copies into the image what the server reads at run time, and the build copies in what it needs', () => {
    const copied = runtime.filter((line) => line.startsWith('COPY --from=build ')).map((line) => line.split(/\s+/)[2].replace(/^\/app\//, ''));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'node_modules', 'dist', path.relative(ROOT, WEB_DIST)]));
    // The build stage's inputs are not kept out by .dockerignore …
    for (const input of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/main.ts', 'scripts/bundle-server.mjs', 'web/index.html', 'web/src', 'bin/flowgate.js']) {
      expect(fs.existsSync(path.join(ROOT, input)), input).toBe(true);
      expect(ignored(input), input).toBe(false);
    }
    // … while a checkout's builds and the deployment's secrets are.
    for (const kept of ['node_modules', 'dist', 'web/dist', 'deploy/flowgate.env', 'deploy/postgres_password.txt', 'deploy/tls/flows.example.com.key', 'flowgate.db']) {
      expect(ignored(kept), kept).toBe(true);
    }
  });

  it('listens on the port compose, nginx.conf and EXPOSE name', () => {
    const port = /LANGFLOW_PORT=(\d+)/.exec(runtime.find((line) => line.startsWith('ENV '))!)![1];
    expect(runtime).toContain(`EXPOSE ${port}`);
    const upstreams = [...nginx.matchAll(/^\s*server\s+([\w.-]+):(\d+)[^;]*;/gm)];
    expect(upstreams.map((match) => match[2])).toEqual([port, port]);
  });
});

describe('deploy/compose.yaml', () => {
  it('builds the repository Dockerfile, and its Flowgate services are the upstream servers of deploy/nginx.conf', () => {
    expect(compose).toMatch(/^\s*build: \.\.\s*$/m);
    expect(fs.existsSync(path.join(ROOT, 'deploy', '..', 'Dockerfile'))).toBe(true);
    const services = [...compose.matchAll(/^ {2}(flowgate-\d+):/gm)].map((match) => match[1]);
    const upstreams = [...nginx.matchAll(/^\s*server\s+([\w.-]+):\d+[^;]*;/gm)].map((match) => match[1]);
    expect(services).toEqual(['flowgate-1', 'flowgate-2']);
    expect(upstreams).toEqual(services);
    // nginx.conf is mounted as it is, and its certificate paths are inside the mounted tls folder.
    expect(compose).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(compose).toContain('./tls:/etc/nginx/tls:ro');
    for (const [, file] of nginx.matchAll(/ssl_certificate(?:_key)?\s+(\S+);/g)) expect(file.startsWith('/etc/nginx/tls/')).toBe(true);
  });

  it('turns auto-login off (the image listens on 0.0.0.0, where auto-login refuses to start)', () => {
    expect(runtime.find((line) => line.startsWith('ENV '))).toContain('LANGFLOW_HOST=0.0.0.0');
    expect(compose).toContain('LANGFLOW_AUTO_LOGIN: "False"');
  });

  it("trusts as proxy exactly nginx's fixed address, and gives the instances a grace period below the stop timeout", () => {
    const nginxAddress = /ipv4_address:\s*([\d.]+)/.exec(compose)![1];
    expect(compose).toContain(`LANGFLOW_TRUSTED_PROXIES: ${nginxAddress}`);
    const grace = Number(/LANGFLOW_SHUTDOWN_GRACE_SECONDS: "(\d+)"/.exec(compose)![1]);
    const stop = Number(/stop_grace_period: (\d+)s/.exec(compose)![1]);
    expect(grace).toBeLessThan(stop);
  });
});

describe('docs/deployment.md', () => {
  it('sets LANGFLOW_AUTO_LOGIN=False wherever it has an instance listen on 0.0.0.0', () => {
    const blocks = [...docs.matchAll(/```\w*\n([\s\S]*?)```/g)].map((match) => match[1]).filter((block) => block.includes('LANGFLOW_HOST=0.0.0.0'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).toContain('LANGFLOW_AUTO_LOGIN=False');
  });

  it('Kubernetes example: replicas, the key from a Secret, readiness on /health_check, the image user and port, auto-login off, grace below the kill timeout', () => {
    expect(kubernetes).toMatch(/kind: Secret[\s\S]*LANGFLOW_SECRET_KEY:/);
    expect(Number(/replicas: (\d+)/.exec(kubernetes)![1])).toBeGreaterThanOrEqual(2);
    expect(kubernetes).toMatch(/envFrom: \[\{ secretRef: \{ name: flowgate \} \}\]/);
    expect(kubernetes).toMatch(/readinessProbe:\s*\n\s*httpGet: \{ path: \/health_check, port: 7860 \}/);
    expect(kubernetes).toContain('containerPort: 7860');
    expect(runtime.find((line) => line.startsWith('ENV '))).toContain('LANGFLOW_PORT=7860');
    const uid = /useradd [^&]*--uid (\d+)/.exec(dockerfile)![1];
    expect(kubernetes).toContain(`runAsUser: ${uid}`);
    expect(kubernetes).toContain('{ name: LANGFLOW_AUTO_LOGIN, value: "False" }');
    const grace = Number(/LANGFLOW_SHUTDOWN_GRACE_SECONDS, value: "(\d+)"/.exec(kubernetes)![1]);
    expect(Number(/terminationGracePeriodSeconds: (\d+)/.exec(kubernetes)![1])).toBeGreaterThan(grace);
  });
});

describe("the image's HEALTHCHECK command", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqliteKind);
  });
  afterAll(async () => {
    await server?.close();
  });

  const script = /CMD node -e "(.*)"$/.exec(runtime.find((line) => line.startsWith('HEALTHCHECK '))!)![1];
  // (Not spawnSync: the server runs in this process and must answer meanwhile.)
  const check = (port: number) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', LANGFLOW_PORT: String(port) }, stdio: 'ignore' });
      child.on('exit', (code) => resolve(code));
    });

  it('exits 0 against a running server', async () => {
    expect(await check(Number(new URL(server.url).port))).toBe(0);
  });

  it('exits 1 when nothing answers on the port', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    expect(await check(port)).toBe(1);
  });
});
