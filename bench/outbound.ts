// What the SSRF guard costs per request: sequential GETs of a small page from a loopback server
// through the guarded fetch (a host name, so every new connection resolves and checks the
// address), against Node's own fetch of the same URL, interleaved in rounds in the same run; the
// ratio is the median of the per-round ratios. A second figure opens and closes one guarded
// pool per request, as a run does. Run: npx tsx bench/outbound.ts [rounds] [requests per round]
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createOutbound } from '../src/engine/net/outbound.js';

const rounds = Number(process.argv[2] ?? 5);
const perRound = Number(process.argv[3] ?? 200);
const policy = { protect: true, allowedHosts: ['localhost'], maxResponseBytes: 1 << 20, timeoutMs: 10_000 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const body = 'x'.repeat(2048);
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as { port: number }).port}/page`;

  const time = async (get: () => Promise<void>): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) await get();
    return (performance.now() - start) / perRound;
  };
  const plain = async () => void (await (await fetch(url)).text());
  const shared = createOutbound({ policy });
  const guarded = async () => void (await (await shared.fetch(url)).text());
  const perRun = async () => {
    const outbound = createOutbound({ policy });
    await (await outbound.fetch(url)).text();
    await outbound.close();
  };

  await time(plain);
  await time(guarded); // warm-up
  const ratios: number[] = [];
  const perRunRatios: number[] = [];
  const plainMs: number[] = [];
  const guardedMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const base = await time(plain);
    const g = await time(guarded);
    const r = await time(perRun);
    plainMs.push(base);
    guardedMs.push(g);
    ratios.push(g / base);
    perRunRatios.push(r / base);
  }
  await shared.close();
  server.close();
  console.log(`load average ${os.loadavg()[0].toFixed(2)}; ${rounds} rounds × ${perRound} sequential GETs of 2 KiB`);
  console.log(`plain fetch        ${median(plainMs).toFixed(3)} ms/request (baseline)`);
  console.log(`guarded fetch      ${median(guardedMs).toFixed(3)} ms/request  ratio ${median(ratios).toFixed(2)}×`);
  console.log(`guarded, new pool  per request (as a run)  ratio ${median(perRunRatios).toFixed(2)}×`);
}

await main();
