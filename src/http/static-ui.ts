// Serves the built React app: hashed assets cached for a year, index.html for every
// client-side route, and never in front of /api (an unknown API path is a JSON 404).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../services/errors.js';

// dist/src/http/ when built, src/http/ under tsx: walk up to the package root either way.
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const WEB_DIST = path.join(packageRoot(), 'web', 'dist');

export async function installStaticUi(app: FastifyInstance, root = WEB_DIST): Promise<void> {
  const hasUi = fs.existsSync(path.join(root, 'index.html'));
  // Loaded only when there is a UI to serve (not with --backend-only): a twentieth of the start.
  if (hasUi) await app.register((await import('@fastify/static')).default, { root, serve: false });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    config: { auth: 'public' },
    handler: async (request, reply) => {
      let urlPath: string;
      try {
        urlPath = decodeURIComponent(request.url.split('?')[0]);
      } catch {
        throw new NotFoundError('Not Found'); // a malformed escape names no file
      }
      // A NUL byte names no file either (fs throws on it).
      if (urlPath.includes('\u0000')) throw new NotFoundError('Not Found');
      if (urlPath.startsWith('/api/') || urlPath === '/api' || !hasUi) throw new NotFoundError('Not Found');
      const relative = path.normalize(urlPath).replace(/^(\.\.(\/|\\|$))+/, '').replace(/^\/+/, '');
      const file = path.join(root, relative);
      if (relative && file.startsWith(root) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
        const immutable = relative.startsWith('assets/');
        reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(relative);
      }
      reply.header('Cache-Control', 'no-cache');
      return reply.type('text/html').sendFile('index.html');
    },
  });
}
