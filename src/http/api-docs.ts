// The API's own documentation, as Langflow serves it: the OpenAPI schema at /openapi.json,
// generated from the routes' TypeBox schemas, and Swagger UI at /docs (/redoc sends there).
// Public, like Langflow's; the schema holds no example values, so no secret can be in it.
//
// Built on first use, not at start (issue 12): @fastify/swagger, Swagger UI and what they load
// (yaml, @fastify/static, glob) were a tenth of the start time and of the idle memory, for pages
// most servers never serve. The app records each route's schema as it is registered; the first
// request for the docs builds a separate, never-listening Fastify app with the two plugins and
// the same routes (schemas only), and the docs routes here answer with what it answers.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
// Types only: the plugins themselves are loaded by buildDocsApp.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { FLOWGATE_VERSION, LANGFLOW_COMPAT_VERSION } from '../version.js';
import { DOCS_PREFIX } from './guards.js';

const SWAGGER_OPTIONS: FastifyDynamicSwaggerOptions = {
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
};

type DocumentedRoute = Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>;

// The main app's routes the docs app is given: what the schema is generated from.
const documentedRoutes = new WeakMap<FastifyInstance, DocumentedRoute[]>();

/** Before any route: records every route registered after it, for the schema. */
export function installApiSchema(app: FastifyInstance): void {
  const routes: DocumentedRoute[] = [];
  documentedRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    // Only the API: not the UI's files nor the docs themselves. Fastify's own HEAD twins of GET
    // routes are left out, as @fastify/swagger does, and so are routes the schema hides.
    if (!(route.url.startsWith('/api/') || route.url.startsWith('/health'))) return;
    if (route.method === 'HEAD' || (route.schema as { hide?: boolean } | undefined)?.hide === true) return;
    routes.push({ method: route.method, url: route.url, schema: route.schema, config: route.config });
  });
}

/** Swagger UI at /docs, the schema at /openapi.json, /redoc → /docs. */
export function installApiDocsUi(app: FastifyInstance): void {
  let docs: Promise<FastifyInstance> | undefined;
  // A build that failed is tried again by the next request.
  const docsApp = () =>
    (docs ??= buildDocsApp(documentedRoutes.get(app) ?? []).catch((error: unknown) => {
      docs = undefined;
      throw error;
    }));
  // Swagger UI's page and assets get the public guard from guards.ts (DOCS_PREFIX).
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await (await docsApp()).inject({ method: 'GET', url: request.url });
    reply.status(answer.statusCode);
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !NOT_FORWARDED.has(name)) reply.header(name, value);
    }
    return reply.send(answer.rawPayload);
  };
  app.get(DOCS_PREFIX, { config: { auth: 'public' }, schema: { hide: true } }, forward);
  app.get(`${DOCS_PREFIX}/*`, { config: { auth: 'public' }, schema: { hide: true } }, forward);
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => (await docsApp()).swagger());
  app.get('/redoc', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
}

// Set again by the app for its own answer.
const NOT_FORWARDED = new Set(['content-length', 'connection', 'date', 'keep-alive', 'transfer-encoding']);

async function buildDocsApp(routes: readonly DocumentedRoute[]): Promise<FastifyInstance> {
  const [{ default: fastifySwagger }, { default: fastifySwaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  // The main app's router options, so that the same routes are accepted.
  const docs = Fastify({ routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 } });
  // The routes are never called: their schemas are only read, never compiled.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  docs.setNotFoundHandler((_request, reply) => reply.status(404).send({ detail: 'Not Found' }));
  await docs.register(fastifySwagger, SWAGGER_OPTIONS);
  await docs.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: false } });
  for (const route of routes) docs.route({ ...route, handler: notServed });
  await docs.ready();
  return docs;
}

async function notServed(): Promise<never> {
  throw new Error('the docs app only describes routes');
}
