// The baseline: a bare Fastify 5 route returning a small JSON object, no logger, no plugins.
import Fastify from 'fastify';

const app = Fastify();
app.get('/bare', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`running at http://127.0.0.1:${app.server.address().port}`);
