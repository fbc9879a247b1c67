// GET /api/v1/all: every component the engine runs that has a definition, by category, as
// Langflow's editor expects ({category: {type: frontend node}}). Built from the registry, so a
// component added to the engine appears in the API and the editor with nothing else to do.
import { registeredComponents } from '../component-registry.js';
import { frontendNode, type FrontendNode } from './frontend-node.js';

export type Catalogue = Record<string, Record<string, FrontendNode>>;

export function componentCatalogue(): Catalogue {
  const catalogue: Catalogue = {};
  for (const component of registeredComponents()) {
    if (!component.definition) continue;
    const category = (catalogue[component.definition.category] ??= {});
    category[component.type] = frontendNode(component.displayName, component.definition);
  }
  return catalogue;
}
