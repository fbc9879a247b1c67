// A TCP relay on loopback in front of PostgreSQL, to play a network partition: `partition()`
// stops relaying (bytes wait, as they would in a cable that went quiet) and new connections hang
// unanswered; `refuseNewConnections()` closes new connections at once while open ones go on (one
// lost connection that cannot come back); `heal()` relays again.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  partition(): void;
  refuseNewConnections(): void;
  /** Connections closed by refuseNewConnections() so far. */
  refusedConnections(): number;
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const waiting = new Set<net.Socket>();
  let partitioned = false;
  let refusing = false;
  let refused = 0;
  const relay = (client: net.Socket) => {
    const upstream = net.connect(targetPort, targetHost);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };
  const server = net.createServer((client) => {
    if (refusing) {
      refused++;
      client.on('error', () => {});
      client.destroy();
    } else if (partitioned) {
      client.pause();
      waiting.add(client);
      client.on('close', () => waiting.delete(client)).on('error', () => {});
    } else relay(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    partition() {
      partitioned = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    refuseNewConnections() {
      refusing = true;
    },
    refusedConnections: () => refused,
    heal() {
      partitioned = false;
      refusing = false;
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
      for (const client of waiting) {
        waiting.delete(client);
        if (!client.destroyed) {
          relay(client);
          client.resume();
        }
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      for (const client of waiting) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
