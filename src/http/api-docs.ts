// The API's own documentation, as Langflow serves it: the OpenAPI schema at /openapi.json,
// generated from the routes' TypeBox schemas, and Swagger UI at /docs (/redoc sends there).
// Public, like Langflow's; the schema holds no example values, so no secret can be in it.
import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { FLOWGATE_VERSION, LANGFLOW_COMPAT_VERSION } from '../version.js';
import { DOCS_PREFIX } from './guards.js';

/** Before any route: the schema collects every route registered after it. */
export async function installApiSchema(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Flowgate',
        description: `Langflow ${LANGFLOW_COMPAT_VERSION}'s API, secure by default. Authenticate with an API key (x-api-key header or query) or a Bearer token from /api/v1/login.`,
        version: FLOWGATE_VERSION,
      },
      components: {
        securitySchemes: {
          'API key header': { type: 'apiKey', in: 'header', name: 'x-api-key' },
          'API key query': { type: 'apiKey', in: 'query', name: 'x-api-key' },
          Bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          Cookie: { type: 'apiKey', in: 'cookie', name: 'access_token_lf' },
        },
      },
      security: [{ 'API key header': [] }, { 'API key query': [] }, { Bearer: [] }, { Cookie: [] }],
    },
    // Only the API: the UI's static routes are not part of it.
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') || url.startsWith('/health') ? schema : { ...schema, hide: true }, url }),
  });
}

/** Swagger UI at /docs, the schema at /openapi.json, /redoc → /docs. */
export async function installApiDocsUi(app: FastifyInstance): Promise<void> {
  // Its page and assets get the public guard from guards.ts (DOCS_PREFIX): the plugin cannot.
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: false } });
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/redoc', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
}
