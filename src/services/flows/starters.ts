// GET /starter-projects/: the built-in starter flows, as Langflow lists them.
import { starterFlows } from '../../engine/starters.js';

export interface StarterProject {
  name: string;
  description: string;
  data: Record<string, unknown>;
}

export function listStarterProjects(): StarterProject[] {
  return starterFlows().map(({ name, description, data }) => ({ name, description, data }));
}
