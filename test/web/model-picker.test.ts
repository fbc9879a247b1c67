// The editor's model picker on Langflow's starters as exported: they save every `model` field
// with `options: []`, so the panel falls back on the catalogue (GET /api/v1/all). Every model
// field of every starter (Language Model, Agent, Structured Output) must offer the providers'
// models (after any the export saved, without Langflow's `__enable_provider_…__` placeholders),
// and show a saved choice as "Provider / name". Typechecked with the web project.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentCatalogue } from '../../src/engine/catalogue/catalogue.js';
import { catalogueDefaults, type Catalogue } from '../../web/src/components/editor/graphModel.js';
import { editableFields } from '../../web/src/lib/flowData.js';

const STARTERS = path.resolve(import.meta.dirname, '../fixtures/langflow-starters');
// As the browser receives it.
const catalogue = JSON.parse(JSON.stringify(componentCatalogue())) as Catalogue;

describe('the model picker on imported starters', () => {
  const modelNodes = fs
    .readdirSync(STARTERS)
    .flatMap((file) => JSON.parse(fs.readFileSync(path.join(STARTERS, file), 'utf8')).data.nodes.map((node: any) => ({ starter: file, node })))
    .filter(({ node }) => Object.values(node.data?.node?.template ?? {}).some((field: any) => field?.type === 'model'));

  it('finds the model fields of Language Model, Agent and Structured Output nodes', () => {
    expect(new Set(modelNodes.map(({ node }) => node.data.type))).toEqual(new Set(['LanguageModelComponent', 'Agent', 'StructuredOutput']));
  });

  it('offers the catalogue\'s choices on every one of them', () => {
    for (const { starter, node } of modelNodes) {
      const field = editableFields(node, catalogueDefaults(catalogue, node.data.type)).find((f) => f.kind === 'model');
      expect(field?.options, `${starter} ${node.id}`).toEqual(expect.arrayContaining(['OpenAI / gpt-4o-mini', 'Anthropic / claude-3-5-haiku-latest', 'Ollama / llama3.2']));
      expect(field?.options.some((option) => option.includes('__')), `${starter} ${node.id}`).toBe(false);
    }
  });

  it('keeps the models an export saved, first', () => {
    const { node } = modelNodes.find(({ node }) => node.id === 'StructuredOutput-e4qlS')!;
    const options = editableFields(node, catalogueDefaults(catalogue, 'StructuredOutput')).find((f) => f.kind === 'model')!.options;
    expect(options.slice(0, 3)).toEqual(['Anthropic / claude-opus-4-5-20251101', 'Anthropic / claude-haiku-4-5-20251001', 'Anthropic / claude-sonnet-4-5-20250929']);
    expect(new Set(options).size).toBe(options.length);
  });

  it('shows a saved choice as "Provider / name"', () => {
    const { node } = modelNodes.find(({ node }) => node.data.type === 'Agent')!;
    const chosen = structuredClone(node);
    chosen.data.node.template.model.value = [{ provider: 'Anthropic', name: 'claude-sonnet-4-0', icon: 'Anthropic', metadata: {} }];
    expect(editableFields(chosen, catalogueDefaults(catalogue, 'Agent')).find((f) => f.kind === 'model')?.value).toBe('Anthropic / claude-sonnet-4-0');
  });
});
