// Langflow's run endpoint: POST /api/v1/run/{flow_id_or_name}, JSON or (?stream=true) an event
// stream. The flow is resolved among the caller's flows only (D18).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { findRunnableFlow, runOwnedFlow, type RunRequest } from '../../services/flows/runs.js';
import { principalOf } from '../guards.js';
import { streamRun } from '../run-stream.js';

const NullableString = () => Type.Optional(Type.Union([Type.String(), Type.Null()]));
const literals = (...values: string[]) => Type.Optional(Type.Union([...values.map((v) => Type.Literal(v)), Type.Null()]));

// Langflow's SimplifiedAPIRequest; unknown fields are ignored as pydantic does.
export const RunBody = Type.Object({
  input_value: NullableString(),
  input_type: literals('chat', 'text', 'any'),
  output_type: literals('chat', 'text', 'any', 'debug'),
  tweaks: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  session_id: NullableString(),
  output_component: NullableString(),
});

const RunParams = Type.Object({ flow_id_or_name: Type.String() });
const RunQuery = Type.Object({ stream: Type.Boolean({ default: false }) });

// The outputs are the flow's own results (engine-built, never a stored row).
const RunResponse = Type.Object({ session_id: Type.String(), outputs: Type.Array(Type.Unknown()) });

export function registerRunRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v1/run/:flow_id_or_name', {
    config: { auth: 'user' },
    schema: { params: RunParams, querystring: RunQuery, body: RunBody, response: { 200: RunResponse } },
    // No body at all is Langflow's defaults (the request model is optional there).
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
  }, async (request, reply) => {
    const { user } = principalOf(request);
    const { flow_id_or_name: idOrName } = request.params as typeof RunParams.static;
    const body = request.body as RunRequest;
    // Unknown and foreign flows are a plain 404 before any stream starts.
    const flow = await findRunnableFlow(deps, user.id, idOrName);
    if ((request.query as typeof RunQuery.static).stream) {
      // X-Accel-Buffering: proxies such as nginx would otherwise hold the events back.
      return reply.type('text/event-stream').header('X-Accel-Buffering', 'no').send(streamRun(deps, request, reply, user, flow, body));
    }
    return runOwnedFlow(deps, user, flow, body, { headers: request.headers });
  });
}
