// Langflow's starter projects as Langflow 1.8 exports them (test/fixtures/langflow-starters/),
// and the requests the tests make with them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'langflow-starters');

/** The starter's whole export ({name, description, data, …}), fresh each call. */
export function starter(name: string): { name: string; description: string; data: { nodes: any[]; edges: any[] } } {
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
}

/** The id of the starter's first node of `type`. */
export function nodeId(flow: { data: { nodes: any[] } }, type: string): string {
  const node = flow.data.nodes.find((n) => n.data?.type === type);
  if (!node) throw new Error(`no ${type} in the starter`);
  return node.id;
}

/** Langflow's `model` value choosing one model. */
export function modelChoice(provider: string, name: string) {
  return [{ provider, name, icon: provider, metadata: {} }];
}

/** Langflow's `/run?stream=true` body: raw JSON objects separated by blank lines. */
export function parseRunEvents(body: string): { event: string; data: any }[] {
  return body
    .split('\n\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => JSON.parse(part));
}
