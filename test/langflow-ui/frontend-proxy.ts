// Serves a built Langflow frontend the way Langflow's nginx image and vite dev server do: the
// static files with index.html for every client-side route, and /api/ and /health proxied to
// the backend with Host rewritten to the backend's (nginx's default, vite's changeOrigin) and
// X-Forwarded-Host/-Proto/-For saying what the browser used. Responses stream through as they
// come (the build events and the playground's chat are streamed).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain',
};

export interface FrontendProxy {
  url: string;
  close(): Promise<void>;
}

export async function startFrontendProxy(buildDir: string, backendUrl: string): Promise<FrontendProxy> {
  const backend = new URL(backendUrl);
  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (urlPath.startsWith('/api/') || urlPath === '/health' || urlPath === '/health_check') {
      const upstream = http.request(
        {
          host: backend.hostname,
          port: backend.port,
          method: req.method,
          path: req.url,
          headers: {
            ...req.headers,
            host: backend.host,
            'x-forwarded-host': req.headers.host,
            'x-forwarded-proto': 'http',
            'x-forwarded-for': req.socket.remoteAddress,
          },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
      return;
    }
    let relative: string;
    try {
      relative = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.(\/|$))+/, '').replace(/^\/+/, '');
    } catch {
      relative = '';
    }
    const file = path.join(buildDir, relative);
    const found = relative && file.startsWith(buildDir) && fs.statSync(file, { throwIfNoEntry: false })?.isFile();
    const served = found ? file : path.join(buildDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(served)] ?? 'application/octet-stream' });
    fs.createReadStream(served).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
