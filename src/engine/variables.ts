// Global variables: a template field with `load_from_db: true` holds a variable's NAME; the
// caller's resolver turns it into the value. Each name is asked for once per run.
//
// A field whose stored "name" is itself an http(s) URL and names none of the caller's variables
// keeps that URL as a literal default: Langflow's own components save their default address that
// way (Language Model's `ollama_base_url` = `http://localhost:11434`, load_from_db), and a URL is
// never meant as a variable's name. Such a default ranks below an address the user or the
// operator configured (see models/model-selection.ts), and is checked like any address written
// in a flow.
import { MissingVariableError } from './errors.js';
import { describeNode, type FlowNode } from './flow-graph.js';

/**
 * Where a variable's value goes. `secret`: a field the component declares `password: true`
 * (Langflow's SecretStrInput: API keys, tokens), whose value never reaches an output, a message
 * or an event; a Credential may fill only such a field (the caller's resolver refuses the rest).
 */
export interface VariableUse {
  field?: string;
  secret: boolean;
}

export type VariableResolver = (name: string, use?: VariableUse) => Promise<string | undefined>;

/** Marks a field whose load_from_db value was kept as a literal URL default. */
const LITERAL_DEFAULT = 'unresolvedUrlDefault';

export async function resolveVariables(
  nodes: readonly FlowNode[],
  resolve: VariableResolver,
  guard: <T>(work: Promise<T>) => Promise<T>,
  isSecretField: (node: FlowNode, field: string) => boolean,
): Promise<void> {
  const cache = new Map<string, string | undefined>();
  for (const node of nodes) {
    for (const [field, spec] of Object.entries(node.template)) {
      if (spec.load_from_db !== true || typeof spec.value !== 'string' || spec.value === '') continue;
      const name = spec.value;
      const secret = isSecretField(node, field);
      const key = `${secret ? 'secret' : 'plain'}:${name}`;
      if (!cache.has(key)) cache.set(key, await guard(resolve(name, { field, secret })));
      const value = cache.get(key);
      if (value === undefined) {
        if (isHttpUrl(name)) {
          node.template[field] = { ...spec, load_from_db: false, [LITERAL_DEFAULT]: true };
          continue;
        }
        throw new MissingVariableError(name, { componentLabel: describeNode(node), componentId: node.id, field });
      }
      // `fromVariable` remembers where a key came from: a stored credential is not sent just
      // anywhere (see models/model-selection.ts).
      node.template[field] = { ...spec, value, load_from_db: false, fromVariable: name };
    }
  }
}

/** Whether the field holds a URL kept from a load_from_db value that named no variable. */
export function isLiteralUrlDefault(node: FlowNode, field: string): boolean {
  return node.template[field]?.[LITERAL_DEFAULT] === true;
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value.trim())) return false;
  try {
    new URL(value.trim());
    return true;
  } catch {
    return false;
  }
}
