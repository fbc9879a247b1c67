// Builds the Fastify app. Never listens: the CLI (and the tests) decide where it runs.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream, Logger } from 'pino';
import type { AppDeps } from '../services/deps.js';
import { installApiDocsUi, installApiSchema } from './api-docs.js';
import { installCors } from './cors.js';
import { installErrorHandler } from './error-handler.js';
import { installHostCheck } from './host-check.js';
import { installInputGuards } from './input-guards.js';
import { installGuards } from './guards.js';
import { OneLineRequestLog } from './request-log.js';
import { createLogger, flushLogger } from './logger.js';
import { installStaticUi } from './static-ui.js';
import { serializerCompiler, validatorCompiler } from './validator.js';
import { lazySchemaController } from './lazy-compilers.js';
import type { ShutdownState } from './shutdown.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerLogRoutes } from './routes/logs.js';
import { registerApiKeyRoutes } from './routes/api-keys.js';
import { registerFlowRoutes, registerFlowUploadRoutes } from './routes/flows.js';
import { registerProjectRoutes, registerProjectUploadRoutes } from './routes/projects.js';
import { registerStarterProjectRoutes } from './routes/starter-projects.js';
import { registerRunRoutes } from './routes/run.js';
import { registerBuildRoutes } from './routes/build.js';
import { registerWebhookRoutes } from './routes/webhook.js';
import { registerFileRoutes, registerFileUploadRoutes } from './routes/files.js';
import { registerVariableRoutes } from './routes/variables.js';
import { registerLoginRoutes } from './routes/login.js';
import { registerUserRoutes } from './routes/users.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerStoreRoutes } from './routes/store.js';
import { registerComponentRoutes } from './routes/components.js';
import { registerComponentUpdateRoutes } from './routes/component-update.js';
import { registerModelRoutes } from './routes/models.js';
import { registerProfilePictureRoutes } from './routes/profile-pictures.js';
import { registerMcpRoutes } from './routes/mcp.js';
import { registerMonitorRoutes } from './routes/monitor.js';
import { registerBuildHistoryRoutes } from './routes/build-history.js';
import { registerMcpServerListRoutes } from './routes/mcp-servers.js';

export type App = FastifyInstance;

export interface BuildAppOptions {
  /** The server's logger (`run` makes one for the events and the requests alike). */
  logger?: Logger;
  /** Without a logger: where the log lines go (stdout by default); tests pass a buffer to read it. */
  logStream?: DestinationStream;
  /** Serve the built UI from this folder (default: web/dist of the package). */
  webRoot?: string;
  /** Set by the server: lets responses and streams know it is shutting down. */
  shutdown?: ShutdownState;
  /**
   * The server's own hooks (requests in flight, shutdown), added before any route or plugin
   * context, so that every context inherits them.
   */
  serverHooks?: (app: App) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    shutdownState: ShutdownState;
  }
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<App> {
  const { config } = deps;
  const logger = options.logger ?? createLogger({ level: config.logLevel, stream: options.logStream, file: config.logFile });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request instead of Fastify's two.
    logController: new OneLineRequestLog(logger),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.maxBodyBytes,
    // X-Forwarded-For / -Proto are believed only from the configured proxies.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
    return503OnClosing: true,
    // Route schemas compiled on first use: most of the start time otherwise.
    schemaController: lazySchemaController(validatorCompiler, serializerCompiler),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const shutdownState = options.shutdown ?? { closing: false, streamsMustEnd: new AbortController().signal };
  app.decorate('shutdownState', shutdownState);
  app.addHook('onClose', async () => flushLogger(logger));
  installErrorHandler(app);
  installHostCheck(app, config);
  installInputGuards(app);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  installCors(app, config);
  installApiSchema(app);
  installGuards(app, deps);
  // A callback hook, not an async one: no promise per request.
  app.addHook('onSend', (request, reply, _payload, done) => {
    // Once shutting down, every response ends its connection (shutdown.ts).
    if (shutdownState.closing) reply.header('Connection', 'close');
    reply.header('X-Request-Id', request.id);
    reply.header('X-Content-Type-Options', 'nosniff');
    // API answers may be private: never cached, so the back button after logout shows nothing.
    if (request.url.startsWith('/api/') || request.url.startsWith('//')) reply.header('Cache-Control', 'no-store');
    else {
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Referrer-Policy', 'same-origin');
      // Swagger UI's pages bring their own policy (api-docs.ts).
      if (!reply.hasHeader('Content-Security-Policy')) {
        reply.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
      }
    }
    done();
  });
  options.serverHooks?.(app);
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ detail: 'Not Found' }));
  // Multipart parsing only in the context of the upload routes: the plugin adds two async hooks
  // to every request of the context it is registered in (issue 12). Elsewhere a multipart body is
  // accepted and left unread, as the plugin does, so those routes answer as before (a 422 for a
  // missing JSON body, not a 415).
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  await app.register(async (uploads) => {
    uploads.removeContentTypeParser('multipart/form-data');
    await uploads.register(fastifyMultipart, { limits: { fileSize: config.maxFileBytes, files: 1, fields: 20 } });
    registerFlowUploadRoutes(uploads, deps);
    registerProjectUploadRoutes(uploads, deps);
    registerFileUploadRoutes(uploads, deps);
  });

  registerHealthRoutes(app, deps);
  registerLogRoutes(app);
  registerApiKeyRoutes(app, deps);
  registerFlowRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerStarterProjectRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerBuildRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerFileRoutes(app, deps);
  registerVariableRoutes(app, deps);
  registerLoginRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerStoreRoutes(app, deps);
  registerComponentRoutes(app, deps);
  registerComponentUpdateRoutes(app, deps);
  registerModelRoutes(app, deps);
  registerProfilePictureRoutes(app, deps);
  registerMcpRoutes(app, deps);
  registerMonitorRoutes(app, deps);
  registerBuildHistoryRoutes(app, deps);
  registerMcpServerListRoutes(app, deps);
  installApiDocsUi(app);
  if (!config.backendOnly) await installStaticUi(app, options.webRoot);
  return app;
}
