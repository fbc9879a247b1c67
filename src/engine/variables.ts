// Global variables: a template field with `load_from_db: true` holds a variable's NAME; the
// caller's resolver turns it into the value. Each name is asked for once per run.
import { MissingVariableError } from './errors.js';
import { describeNode, type FlowNode } from './flow-graph.js';

export type VariableResolver = (name: string) => Promise<string | undefined>;

export async function resolveVariables(
  nodes: readonly FlowNode[],
  resolve: VariableResolver,
  guard: <T>(work: Promise<T>) => Promise<T>,
): Promise<void> {
  const cache = new Map<string, string | undefined>();
  for (const node of nodes) {
    for (const [field, spec] of Object.entries(node.template)) {
      if (spec.load_from_db !== true || typeof spec.value !== 'string' || spec.value === '') continue;
      const name = spec.value;
      if (!cache.has(name)) cache.set(name, await guard(resolve(name)));
      const value = cache.get(name);
      if (value === undefined) {
        throw new MissingVariableError(name, { componentLabel: describeNode(node), componentId: node.id, field });
      }
      // `fromVariable` remembers where a key came from: a stored credential is not sent just
      // anywhere (see models/model-selection.ts).
      node.template[field] = { ...spec, value, load_from_db: false, fromVariable: name };
    }
  }
}
