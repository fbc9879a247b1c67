// Langflow's flows router: /api/v1/flows/.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { expectedVersion, flowEtag } from '../../services/flows/flow-etag.js';
import { readFlowInput } from '../../services/flows/flow-input.js';
import { type FlowListQuery, listFlowsFor } from '../../services/flows/flow-list.js';
import { toFlowRead, toPublicFlow } from '../../services/flows/flow-output.js';
import { downloadFlows, uploadFlows } from '../../services/flows/flow-transfer.js';
import { createFlow, createFlows, deleteFlow, deleteFlows, FlowMessages, getFlow, getPublicFlow, updateFlow } from '../../services/flows/flows.js';
import { principalOf } from '../guards.js';
import { FlowBody, FlowHeader, FlowIdList, FlowRead, PageOf, PublicFlowRead } from './flow-schemas.js';

const FlowIdParams = Type.Object({ flow_id: Type.String({ format: 'uuid' }) });

const ListQuery = Type.Object({
  remove_example_flows: Type.Optional(Type.Boolean()),
  components_only: Type.Optional(Type.Boolean()),
  get_all: Type.Optional(Type.Boolean()),
  folder_id: Type.Optional(Type.String({ format: 'uuid' })),
  header_flows: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

const userOf = (request: Parameters<typeof principalOf>[0]) => principalOf(request).user.id;

export function registerFlowRoutes(app: FastifyInstance, deps: AppDeps): void {

  app.get(
    '/api/v1/flows/',
    {
      config: { auth: 'user' },
      schema: { querystring: ListQuery, response: { 200: Type.Union([PageOf(FlowRead), Type.Array(FlowRead), Type.Array(FlowHeader)]) } },
    },
    async (request) => listFlowsFor(deps, userOf(request), request.query as FlowListQuery),
  );

  app.post(
    '/api/v1/flows/',
    { config: { auth: 'user' }, schema: { body: FlowBody, response: { 201: FlowRead } } },
    async (request, reply) => {
      const flow = await createFlow(deps, userOf(request), readFlowInput(request.body));
      reply.header('ETag', flowEtag(flow));
      return reply.status(201).send(toFlowRead(flow));
    },
  );

  app.post(
    '/api/v1/flows/batch/',
    {
      config: { auth: 'user' },
      schema: { body: Type.Object({ flows: Type.Array(FlowBody, { maxItems: 500 }) }), response: { 201: Type.Array(FlowRead) } },
    },
    async (request, reply) => {
      const { flows } = request.body as { flows: unknown[] };
      const inputs = flows.map((flow, index) => readFlowInput(flow, ['body', 'flows', index]));
      const created = await createFlows(deps, userOf(request), inputs, 'fallback');
      return reply.status(201).send(created.map(toFlowRead));
    },
  );

  app.post(
    '/api/v1/flows/download/',
    { config: { auth: 'user' }, schema: { body: FlowIdList } },
    async (request, reply) => {
      const result = await downloadFlows(deps, userOf(request), request.body as string[]);
      if (result.kind === 'json') return result.flow;
      reply.header('Content-Disposition', `attachment; filename="${result.fileName}"`);
      return reply.type('application/x-zip-compressed').send(Buffer.from(result.bytes));
    },
  );

  app.delete(
    '/api/v1/flows/',
    { config: { auth: 'user' }, schema: { body: FlowIdList, response: { 200: Type.Object({ deleted: Type.Integer() }) } } },
    async (request) => ({ deleted: await deleteFlows(deps, userOf(request), request.body as string[]) }),
  );

  app.get(
    '/api/v1/flows/public_flow/:flow_id',
    { config: { auth: 'public' }, schema: { params: FlowIdParams, response: { 200: PublicFlowRead } } },
    async (request) => toPublicFlow(await getPublicFlow(deps, (request.params as { flow_id: string }).flow_id)),
  );

  app.get(
    '/api/v1/flows/:flow_id',
    { config: { auth: 'user' }, schema: { params: FlowIdParams, response: { 200: FlowRead } } },
    async (request, reply) => {
      const flow = await getFlow(deps, userOf(request), (request.params as { flow_id: string }).flow_id);
      reply.header('ETag', flowEtag(flow));
      return toFlowRead(flow);
    },
  );

  app.patch(
    '/api/v1/flows/:flow_id',
    { config: { auth: 'user' }, schema: { params: FlowIdParams, body: FlowBody, response: { 200: FlowRead } } },
    async (request, reply) => {
      const { flow_id } = request.params as { flow_id: string };
      const ifMatch = request.headers['if-match'];
      const expected = expectedVersion(Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch, flow_id);
      const flow = await updateFlow(deps, userOf(request), flow_id, readFlowInput(request.body), expected);
      reply.header('ETag', flowEtag(flow));
      return toFlowRead(flow);
    },
  );

  app.delete(
    '/api/v1/flows/:flow_id',
    { config: { auth: 'user' }, schema: { params: FlowIdParams, response: { 200: Type.Object({ message: Type.String() }) } } },
    async (request) => {
      await deleteFlow(deps, userOf(request), (request.params as { flow_id: string }).flow_id);
      return { message: FlowMessages.deleted };
    },
  );
}

/** The upload route, registered where multipart parsing is (app.ts). */
export function registerFlowUploadRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/flows/upload/',
    {
      config: { auth: 'user' },
      schema: { querystring: Type.Object({ folder_id: Type.Optional(Type.String({ format: 'uuid' })) }), response: { 201: Type.Array(FlowRead) } },
    },
    async (request, reply) => {
      const { folder_id } = request.query as { folder_id?: string };
      const part = await request.file();
      const bytes = part && part.fieldname === 'file' ? await part.toBuffer() : undefined;
      const created = await uploadFlows(deps, userOf(request), bytes, folder_id);
      return reply.status(201).send(created.map(toFlowRead));
    },
  );
}
