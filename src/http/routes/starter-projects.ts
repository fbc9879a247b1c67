// Langflow's starter_projects router: the built-in starter flows.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { listStarterProjects } from '../../services/starters.js';

const StarterProject = Type.Object({ name: Type.String(), description: Type.String(), data: Type.Any() });

export function registerStarterProjectRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/api/v1/starter-projects/', { config: { auth: 'user' }, schema: { response: { 200: Type.Array(StarterProject) } } }, async () =>
    listStarterProjects(),
  );
}
