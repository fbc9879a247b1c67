// SIGTERM while 200 keep-alive clients keep running flows, half of them streamed: the server
// stops within its grace period (exit 0) instead of serving the open connections forever; every
// response it started is complete (a stream ends with an event); a request arriving on an open
// connection after the signal is answered `Connection: close`, so each connection carries at most
// one more answer. And a stream still running when the grace period runs out ends with an
// `error` event, not a cut connection, while an idle keep-alive connection is closed at once.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresKind, sqliteKind, type TestDatabase } from '../helpers/databases.js';
import { adminApiKey, postJson, startInstance, type Instance } from '../helpers/instance.js';
import { promptFlowData, variableFlowData } from '../helpers/run-fixtures.js';

const CLIENTS = 200;
const GRACE_SECONDS = 5;

interface Outcome {
  sentAfterSignal: boolean;
  status?: number;
  connection?: string;
  body?: string;
  error?: string;
  stream: boolean;
}

/** One request on the shared keep-alive agent; never rejects. */
function request(agent: http.Agent, url: string, apiKey: string, flowId: string, stream: boolean, sentAfterSignal: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ input_value: 'one two three four five' });
    const req = http.request(
      `${url}/api/v1/run/${flowId}${stream ? '?stream=true' : ''}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ sentAfterSignal, stream, status: res.statusCode, connection: String(res.headers.connection), body: text }));
        // Headers arrived but the body was cut: the failure this test exists to catch.
        res.on('error', (error) => resolve({ sentAfterSignal, stream, status: res.statusCode, body: text, error: `body cut: ${error.message}` }));
        res.on('aborted', () => resolve({ sentAfterSignal, stream, status: res.statusCode, body: text, error: 'body cut: aborted' }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ sentAfterSignal, stream, error: error.code ?? error.message }));
    req.end(body);
  });
}

/** A complete answer: JSON that parses, or a stream whose last event is `end` or `error`. */
function isComplete(outcome: Outcome): boolean {
  if (outcome.status !== 200 || outcome.error || outcome.body === undefined) return false;
  if (!outcome.stream) {
    try {
      return typeof JSON.parse(outcome.body).outputs === 'object';
    } catch {
      return false;
    }
  }
  const events = outcome.body.split('\n\n').filter(Boolean).map((chunk) => JSON.parse(chunk).event);
  return events.at(-1) === 'end' || events.at(-1) === 'error';
}

describe('SIGTERM under load', () => {
  const databases: TestDatabase[] = [];
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const instance of instances) {
      instance.cli.child.kill('SIGKILL');
      fs.rmSync(instance.configDir, { recursive: true, force: true });
    }
    for (const database of databases) await database.drop();
  });

  it(`${CLIENTS} keep-alive clients: finishes what it started, answers Connection: close, exits 0`, async () => {
    const database = await sqliteKind.create();
    databases.push(database);
    const instance = await startInstance(database.url, { LANGFLOW_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
    instances.push(instance);
    const apiKey = await adminApiKey(instance.url);
    const created = await postJson(`${instance.url}/api/v1/flows/`, apiKey, { name: 'load', data: promptFlowData() });
    expect(created.status).toBe(201);
    const flowId = created.body.id;

    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    let signalled = false;
    let stopped = false;
    const outcomes: Outcome[] = [];
    let warmedUp!: () => void;
    const warm = new Promise<void>((resolve) => (warmedUp = resolve));
    const client = async (index: number) => {
      const stream = index % 2 === 1;
      while (!stopped) {
        const outcome = await request(agent, instance.url, apiKey, flowId, stream, signalled);
        outcomes.push(outcome);
        if (outcomes.length >= CLIENTS * 2) warmedUp();
        // Once the listener is gone nothing more can be sent; a real client would go elsewhere.
        if (outcome.error === 'ECONNREFUSED') return;
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
    await warm;

    instance.cli.child.kill('SIGTERM');
    await instance.cli.waitFor(/SIGTERM received/);
    signalled = true;
    const { code } = await instance.cli.exited;
    stopped = true;
    await Promise.all(clients);
    agent.destroy();

    expect(code, instance.cli.output()).toBe(0);
    const answered = outcomes.filter((o) => o.status !== undefined);
    // Every answer that began is whole: no stream cut, no JSON body cut short.
    const broken = answered.filter((o) => !isComplete(o));
    expect(broken.slice(0, 3)).toEqual([]);
    // What failed, failed before any answer began: a refused or closed connection.
    const failures = new Set(outcomes.filter((o) => o.status === undefined).map((o) => o.error));
    for (const error of failures) expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'socket hang up']).toContain(error);
    // After the signal: each open connection gets at most its one answer, and it says close.
    const late = answered.filter((o) => o.sentAfterSignal);
    expect(late.length).toBeLessThanOrEqual(CLIENTS);
    expect(late.filter((o) => o.connection !== 'close')).toEqual([]);
  }, 120_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)('a stream still running when the grace period ends ends with an error event, and the server exits 0', async () => {
    const database = await postgresKind.create();
    databases.push(database);
    const grace = 3;
    const instance = await startInstance(database.url, { LANGFLOW_SHUTDOWN_GRACE_SECONDS: String(grace), LANGFLOW_DB_TIMEOUT_SECONDS: '60', LANGFLOW_RUN_TIMEOUT_SECONDS: '20' });
    instances.push(instance);
    const apiKey = await adminApiKey(instance.url);
    expect((await postJson(`${instance.url}/api/v1/variables/`, apiKey, { name: 'PERSONA', value: 'a pirate', type: 'Generic' })).status).toBe(201);
    const created = await postJson(`${instance.url}/api/v1/flows/`, apiKey, { name: 'slow', data: variableFlowData('PERSONA') });
    expect(created.status).toBe(201);

    // The run reads its variable after the stream has begun: holding the variable table locked
    // keeps the run going for as long as the test likes.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE variable IN ACCESS EXCLUSIVE MODE');
    try {
      // (The answer's headers go out with its first event, so the fetch resolves only later.)
      const answer = fetch(`${instance.url}/api/v1/run/${created.body.id}?stream=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ input_value: 'hello' }),
      });
      await waitForLockWaiter(locker);
      // An idle keep-alive connection: closed by the server at the signal, not kept until the end.
      const idle = await idleKeepAliveConnection(instance.url);
      let streamEnded = false;
      const streamed = answer.then(async (response) => {
        const text = await response.text();
        streamEnded = true;
        return { response, text };
      });
      instance.cli.child.kill('SIGTERM');
      await idle.closed;
      expect(streamEnded).toBe(false);
      const { response, text } = await streamed;
      expect(response.status).toBe(200);
      const events = text.split('\n\n').filter(Boolean).map((chunk) => JSON.parse(chunk));
      expect(events.at(-1), instance.cli.output()).toEqual({ event: 'error', data: { error: 'The server is shutting down; run the flow again' } });
      const { code } = await instance.cli.exited;
      expect(code, instance.cli.output()).toBe(0);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    }
  }, 120_000);
});

/** A socket that got one keep-alive answer and now sits idle; `closed` resolves when the server ends it. */
async function idleKeepAliveConnection(url: string): Promise<{ closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      // The whole answer (a small JSON body) is in: the connection is idle from here.
      if (/\r\n\r\n[\s\S]*\}/.test(text)) resolve();
    });
    socket.once('close', () => reject(new Error(`closed before answering: ${text}`)));
    socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  });
  return { closed };
}

/** Waits until some session of this database waits for the lock the locker holds. */
async function waitForLockWaiter(locker: pg.Client): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { rows } = await locker.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run never waited for the variable table');
}
