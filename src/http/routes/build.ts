// Langflow's build API, which its UI and docs use to run a flow and watch it component by
// component: POST /build/{flow_id}/flow starts a job, GET /build/{job_id}/events reads its
// events (streaming or polling), POST /build/{job_id}/cancel stops it. Jobs are the caller's
// alone and live in this instance's memory (docs/api.md, "Build API").
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BuildJobRegistry } from '../../services/build-jobs/registry.js';
import { POLL_WAIT_MS } from '../../services/build-jobs/limits.js';
import { startBuild, type BuildRequest } from '../../services/build-jobs/start-build.js';
import type { AppDeps } from '../../services/deps.js';
import { principalOf } from '../guards.js';
import { pollJobEvents, streamJobEvents } from '../build-stream.js';

const NDJSON = 'application/x-ndjson';
const NullableString = () => Type.Optional(Type.Union([Type.String(), Type.Null()]));
const EventDelivery = Type.Union([Type.Literal('streaming'), Type.Literal('polling'), Type.Literal('direct')]);

// Langflow's InputValueRequest and FlowDataRequest (unknown fields ignored, as pydantic does).
const BuildBody = Type.Object({
  inputs: Type.Optional(
    Type.Union([
      Type.Object({
        input_value: NullableString(),
        session: NullableString(),
        type: Type.Optional(Type.Union([Type.Literal('chat'), Type.Literal('text'), Type.Literal('any'), Type.Null()])),
        components: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
        client_request_time: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
      }),
      Type.Null(),
    ]),
  ),
  data: Type.Optional(
    Type.Union([
      Type.Object({
        nodes: Type.Array(Type.Record(Type.String(), Type.Unknown())),
        edges: Type.Array(Type.Record(Type.String(), Type.Unknown())),
        viewport: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
      }),
      Type.Null(),
    ]),
  ),
  files: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
});

const BuildQuery = Type.Object({
  stop_component_id: Type.Optional(Type.String()),
  start_component_id: Type.Optional(Type.String()),
  log_builds: Type.Boolean({ default: true }),
  flow_name: Type.Optional(Type.String()),
  // Langflow 1.8's default for this route; streaming and polling both answer with the job id.
  event_delivery: Type.Optional(EventDelivery),
});

const JobParams = Type.Object({ job_id: Type.String() });
const EventsQuery = Type.Object({ event_delivery: Type.Optional(EventDelivery) });
const CancelResponse = Type.Object({ success: Type.Boolean(), message: Type.String() });

export function registerBuildRoutes(app: FastifyInstance, deps: AppDeps): void {
  const jobs = new BuildJobRegistry();
  app.addHook('onClose', async () => jobs.close());

  app.post('/api/v1/build/:flow_id/flow', {
    config: { auth: 'user' },
    schema: { params: Type.Object({ flow_id: Type.String({ format: 'uuid' }) }), querystring: BuildQuery, body: BuildBody },
    // No body at all is Langflow's defaults (every body field is optional there).
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
  }, async (request, reply) => {
    const { user } = principalOf(request);
    const { flow_id: flowId } = request.params as { flow_id: string };
    const query = request.query as typeof BuildQuery.static;
    const body = request.body as typeof BuildBody.static;
    const buildRequest: BuildRequest = {
      inputs: body.inputs,
      data: body.data,
      select: { stopComponentId: query.stop_component_id || undefined, startComponentId: query.start_component_id || undefined },
    };
    const job = await startBuild(deps, jobs, user, flowId, buildRequest, request.headers);
    if (query.event_delivery !== 'direct') return { job_id: job.id };
    return reply.type(NDJSON).header('X-Accel-Buffering', 'no').send(streamJobEvents(request, reply, job));
  });

  app.get('/api/v1/build/:job_id/events', {
    config: { auth: 'user' },
    schema: { params: JobParams, querystring: EventsQuery },
  }, async (request, reply) => {
    const { user } = principalOf(request);
    const job = jobs.get(user.id, (request.params as typeof JobParams.static).job_id);
    const delivery = (request.query as typeof EventsQuery.static).event_delivery ?? 'streaming';
    if (delivery === 'polling') return reply.type(NDJSON).send(await pollJobEvents(reply, job, POLL_WAIT_MS));
    return reply.type(NDJSON).header('X-Accel-Buffering', 'no').send(streamJobEvents(request, reply, job));
  });

  // Own scope: Langflow's UI posts the cancel with `Content-Type: application/json` and no body,
  // which FastAPI accepts for a route that reads none; so does this one (any body is ignored).
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));
    scope.post('/api/v1/build/:job_id/cancel', {
      config: { auth: 'user' },
      schema: { params: JobParams, response: { 200: CancelResponse } },
    }, async (request) => {
      const { user } = principalOf(request);
      const job = jobs.get(user.id, (request.params as typeof JobParams.static).job_id);
      job.cancel();
      // As Langflow: cancelling a job that already finished also succeeds.
      return { success: true, message: 'Flow build cancelled successfully' };
    });
  });
}
