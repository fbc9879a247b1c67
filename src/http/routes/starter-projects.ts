// Langflow's starter_projects router: the built-in starter flows.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../services/deps.js';
import { listStarterProjects } from '../../services/starters.js';
import { listBasicExamples } from '../../services/basic-examples.js';

const StarterProject = Type.Object({ name: Type.String(), description: Type.String(), data: Type.Any() });

const NullableString = Type.Union([Type.String(), Type.Null()]);
/** Langflow's FlowRead of a starter: it belongs to no user and no project. */
const BasicExample = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: NullableString,
  icon: NullableString,
  icon_bg_color: NullableString,
  gradient: NullableString,
  data: Type.Any(),
  is_component: Type.Boolean(),
  updated_at: Type.String(),
  webhook: Type.Boolean(),
  endpoint_name: NullableString,
  tags: Type.Array(Type.String()),
  locked: Type.Boolean(),
  mcp_enabled: Type.Boolean(),
  access_type: Type.String(),
  action_name: NullableString,
  action_description: NullableString,
  user_id: Type.Null(),
  folder_id: Type.Null(),
});

export function registerStarterProjectRoutes(app: FastifyInstance, _deps: AppDeps): void {
  app.get('/api/v1/starter-projects/', { config: { auth: 'user' }, schema: { response: { 200: Type.Array(StarterProject) } } }, async () =>
    listStarterProjects(),
  );
  // Public in Langflow: its UI asks for the examples before anyone has logged in.
  app.get('/api/v1/flows/basic_examples/', { config: { auth: 'public' }, schema: { response: { 200: Type.Array(BasicExample) } } }, async () =>
    listBasicExamples(),
  );
}
