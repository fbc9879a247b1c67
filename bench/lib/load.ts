// Load generators: autocannon for throughput (in a worker thread, so the bench's own event loop
// stays free for the login clients of the storm), and sequential timing for latency figures.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export const CONNECTIONS = 50;

export interface Throughput {
  rps: number;
  requests: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface Request {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function throughput(url: string, request: Request, seconds: number): Promise<Throughput> {
  const result = await autocannon({
    url: `${url}${request.path}`,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
  });
  return { rps: result.requests.average, requests: result.requests.total, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

/** Milliseconds of one request, the body read. */
export async function timedRequest(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return { ms: performance.now() - start, status: response.status };
}
