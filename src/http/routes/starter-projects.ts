// Langflow's starter_projects router: the built-in starter flows.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { listStarterProjects } from '../../services/flows/starters.js';
import { listBasicExamples } from '../../services/flows/basic-examples.js';
import { PublicFlowRead } from './flow-schemas.js';

const StarterProject = Type.Object({ name: Type.String(), description: Type.String(), data: Type.Any() });

/** Langflow's FlowRead of a starter: it belongs to no user and no project. */
const BasicExample = Type.Composite([PublicFlowRead, Type.Object({ user_id: Type.Null(), folder_id: Type.Null() })]);

export function registerStarterProjectRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/api/v1/starter-projects/', { config: { auth: 'user' }, schema: { response: { 200: Type.Array(StarterProject) } } }, async () =>
    listStarterProjects(),
  );
  // Public in Langflow: its UI asks for the examples before anyone has logged in.
  app.get('/api/v1/flows/basic_examples/', { config: { auth: 'public' }, schema: { response: { 200: Type.Array(BasicExample) } } }, async () =>
    listBasicExamples(),
  );
}
