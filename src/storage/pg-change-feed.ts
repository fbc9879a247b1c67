// LISTEN on the channel the 0005 triggers notify whenever a row authentication reads changes
// (user, API key, session; see migrations/0005_perf.ts). The version moves on every notification
// and on every (re)connection, since changes made while the connection was down were missed.
// While it is down, version() is null and in-process caches must read from the database.
import type pg from 'pg';

export const AUTH_CHANGE_CHANNEL = 'flowgate_auth';
const RECONNECT_MS = 1000;

export class PgChangeFeed {
  #version = 0;
  #client: pg.Client | undefined;
  #up = false;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;
  readonly #connect: () => pg.Client;

  constructor(connect: () => pg.Client) {
    this.#connect = connect;
  }

  start(): void {
    if (this.#client || this.#closed) return;
    const client = this.#connect();
    this.#client = client;
    client.on('notification', () => this.#version++);
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client
      .connect()
      .then(() => client.query(`LISTEN ${AUTH_CHANGE_CHANNEL}`))
      .then(() => {
        if (this.#client !== client) return;
        this.#version++;
        this.#up = true;
      })
      .catch(() => this.#lost(client));
  }

  /** Changes whenever another writer may have changed what caches hold; null while not listening. */
  version(): number | null {
    return this.#up ? this.#version : null;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#up = false;
    client.end().catch(() => {});
    if (!this.#closed) {
      this.#retry = setTimeout(() => this.start(), RECONNECT_MS);
      this.#retry.unref();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    this.#up = false;
    await client?.end().catch(() => {});
  }
}
