// Minimal Langflow-format flows for component tests (nodes with just the template values the
// test sets, edges with both handle forms), and a real loopback HTTP site that records what it
// receives: the "outside" server URL and API Request components talk to.
import http from 'node:http';
import { edge } from '../../src/engine/starters/langflow-nodes.js';

type Json = Record<string, unknown>;

export function componentNode(id: string, type: string, fields: Record<string, unknown> = {}, options: { toolMode?: boolean; extra?: Json } = {}): Json {
  const template: Json = {};
  for (const [name, value] of Object.entries(fields)) template[name] = { value, show: true };
  return {
    id,
    type: 'genericNode',
    position: { x: 0, y: 0 },
    data: { id, type, node: { display_name: type, template, tool_mode: options.toolMode ?? false, ...options.extra } },
  };
}

/** An edge from `source`'s output to `target`'s field. */
export function link(source: string, output: string, target: string, field: string): Json {
  return edge({ id: source, type: source.split('-')[0], name: output }, { id: target, name: field });
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Site {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Route = (request: RecordedRequest, response: http.ServerResponse) => void;

/** A loopback site: `routes` by path (without query); anything else is a 404. */
export async function startSite(routes: Record<string, Route | string>): Promise<Site> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const route = routes[(req.url ?? '/').split('?')[0]];
      if (route === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      } else if (typeof route === 'string') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route);
      } else {
        route(recorded, res);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
