// Langflow's projects router (/api/v1/projects/), also served under its older name /api/v1/folders/.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { downloadProject, uploadProject } from '../../services/projects/project-transfer.js';
import { contentDisposition } from './files.js';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  type NewProjectInput,
  type ProjectChangesInput,
  type ProjectFlowsQuery,
  updateProject,
} from '../../services/projects/projects.js';
import { principalOf } from '../guards.js';
import { FlowRead, PageOf, ProjectRead } from './flow-schemas.js';

const ProjectIdParams = Type.Object({ project_id: Type.String({ format: 'uuid' }) });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const IdList = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 10000 });

const ProjectCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  description: Type.Optional(NullableString),
  parent_id: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  components_list: Type.Optional(IdList),
  flows_list: Type.Optional(IdList),
});

const ProjectUpdate = Type.Object({
  name: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
  description: Type.Optional(NullableString),
  parent_id: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  // Langflow's FolderUpdate carries these; it recomputes them from the database, so they change nothing.
  components: Type.Optional(Type.Array(Type.String())),
  flows: Type.Optional(Type.Array(Type.String())),
});

const ProjectQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  is_component: Type.Optional(Type.Boolean()),
  is_flow: Type.Optional(Type.Boolean()),
  search: Type.Optional(Type.String({ maxLength: 1000 })),
});

const ProjectWithFlows = Type.Union([
  Type.Object({ folder: ProjectRead, flows: PageOf(FlowRead) }),
  Type.Object({ ...ProjectRead.properties, flows: Type.Array(FlowRead) }),
]);

export function registerProjectRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const base of ['/api/v1/projects', '/api/v1/folders']) {
    app.get(`${base}/download/:project_id`, { config: { auth: 'user' }, schema: { params: ProjectIdParams } }, async (request, reply) => {
      const { project_id } = request.params as { project_id: string };
      const zip = await downloadProject(deps, principalOf(request).user.id, project_id);
      return reply
        .type('application/x-zip-compressed')
        .header('Content-Disposition', contentDisposition(zip.fileName))
        .send(Buffer.from(zip.bytes));
    });

    app.get(`${base}/`, { config: { auth: 'user' }, schema: { response: { 200: Type.Array(ProjectRead) } } }, async (request) =>
      listProjects(deps, principalOf(request).user.id),
    );

    app.post(
      `${base}/`,
      { config: { auth: 'user' }, schema: { body: ProjectCreate, response: { 201: ProjectRead } } },
      async (request, reply) => {
        const project = await createProject(deps, principalOf(request).user.id, request.body as NewProjectInput);
        return reply.status(201).send(project);
      },
    );

    app.get(
      `${base}/:project_id`,
      { config: { auth: 'user' }, schema: { params: ProjectIdParams, querystring: ProjectQuery, response: { 200: ProjectWithFlows } } },
      async (request) => {
        const { project_id } = request.params as { project_id: string };
        return getProject(deps, principalOf(request).user.id, project_id, request.query as ProjectFlowsQuery);
      },
    );

    app.patch(
      `${base}/:project_id`,
      { config: { auth: 'user' }, schema: { params: ProjectIdParams, body: ProjectUpdate, response: { 200: ProjectRead } } },
      async (request) => {
        const { project_id } = request.params as { project_id: string };
        return updateProject(deps, principalOf(request).user.id, project_id, request.body as ProjectChangesInput);
      },
    );

    app.delete(`${base}/:project_id`, { config: { auth: 'user' }, schema: { params: ProjectIdParams } }, async (request, reply) => {
      const { project_id } = request.params as { project_id: string };
      await deleteProject(deps, principalOf(request).user.id, project_id);
      return reply.status(204).send();
    });
  }
}

/** The upload routes, registered where multipart parsing is (app.ts). */
export function registerProjectUploadRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const base of ['/api/v1/projects', '/api/v1/folders']) {
    app.post(`${base}/upload/`, { config: { auth: 'user' }, schema: { response: { 201: Type.Array(FlowRead) } } }, async (request, reply) => {
      const part = await request.file();
      const bytes = part && part.fieldname === 'file' ? await part.toBuffer() : undefined;
      const created = await uploadProject(deps, principalOf(request).user.id, bytes, part?.filename);
      return reply.status(201).send(created);
    });
  }
}
