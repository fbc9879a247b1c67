// The pg pool as Kysely sees it, with two changes: a checked-out client's 'error' event is
// heard (see below), and a client whose query failed because the
// connection is gone or silent (terminated backend, read timeout) is destroyed when released,
// never handed out again. (Kysely releases clients without saying how their queries went, and a
// client whose query timed out would otherwise keep waiting for that answer, failing every
// query queued behind it after the database is back.)
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { isDatabaseUnavailable } from './db-errors.js';

export function discardingBrokenClients(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let broken = false;
      // A checked-out client between two queries (inside a transaction, say) whose backend is
      // terminated emits 'error' on itself; the pool listens only to idle clients. Unheard, it
      // would crash the process: here it marks the client broken, and the next query fails.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      const wrapped = {
        query(...args: unknown[]) {
          const result = query(...args);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            return (result as Promise<unknown>).catch((error: unknown) => {
              if (isDatabaseUnavailable(error)) broken = true;
              throw error;
            });
          }
          return result; // a cursor
        },
        release(destroy?: boolean) {
          client.off('error', onError);
          client.release(destroy || broken);
        },
      };
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
