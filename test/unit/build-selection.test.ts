// Which components a partial build runs (stop/start component) and which each finished one
// unblocks (Langflow's next_vertices_ids), on a small diamond-with-a-tail graph:
//   A → B → D → E,  A → C → D,  F (alone)
import { describe, expect, it } from 'vitest';
import { FlowBuildError } from '../../src/engine/errors.js';
import { parseFlow, topologicalOrder } from '../../src/engine/flow-graph.js';
import { selectComponents } from '../../src/engine/flow-selection.js';
import { BuildProgress } from '../../src/services/build-jobs/progress.js';
import { componentNode, link } from '../helpers/component-flows.js';

const graph = parseFlow({
  nodes: ['A', 'B', 'C', 'D', 'E', 'F'].map((name) => componentNode(`TextInput-${name}`, 'TextInput')),
  edges: [
    link('TextInput-A', 'text', 'TextInput-B', 'input_value'),
    link('TextInput-A', 'text', 'TextInput-C', 'input_value'),
    link('TextInput-B', 'text', 'TextInput-D', 'input_value'),
    link('TextInput-C', 'text', 'TextInput-D', 'other'),
    link('TextInput-D', 'text', 'TextInput-E', 'input_value'),
  ],
});
const names = (ids: Iterable<string> | undefined) => [...(ids ?? [])].map((id) => id.slice(-1)).sort().join('');

describe('partial builds', () => {
  it('everything when neither is given', () => {
    expect(selectComponents(graph, {})).toBeUndefined();
  });

  it('stop: the component and what it depends on', () => {
    expect(names(selectComponents(graph, { stopComponentId: 'TextInput-D' }))).toBe('ABCD');
    expect(names(selectComponents(graph, { stopComponentId: 'TextInput-B' }))).toBe('AB');
    expect(names(selectComponents(graph, { stopComponentId: 'TextInput-F' }))).toBe('F');
  });

  it('start: the component, what follows it, and what those need', () => {
    expect(names(selectComponents(graph, { startComponentId: 'TextInput-B' }))).toBe('ABCDE');
    expect(names(selectComponents(graph, { startComponentId: 'TextInput-E' }))).toBe('ABCDE');
    expect(names(selectComponents(graph, { startComponentId: 'TextInput-F' }))).toBe('F');
  });

  it('an unknown id is a build error naming it', () => {
    expect(() => selectComponents(graph, { stopComponentId: 'Nope-1' })).toThrow(FlowBuildError);
    expect(() => selectComponents(graph, { startComponentId: 'Nope-2' })).toThrow(/Nope-2/);
  });

  it('progress: the first layer, then what each finished component unblocks', () => {
    const progress = new BuildProgress(topologicalOrder(graph), graph);
    expect(names(progress.firstLayer())).toBe('AF');
    expect(names(progress.done('TextInput-A'))).toBe('BC');
    expect(names(progress.done('TextInput-B'))).toBe('');
    expect(names(progress.done('TextInput-C'))).toBe('D');
    expect(names(progress.done('TextInput-D'))).toBe('E');
    expect(names(progress.done('TextInput-F'))).toBe('');
  });

  it('progress over a selection ignores the components left out', () => {
    const selected = selectComponents(graph, { stopComponentId: 'TextInput-D' })!;
    const order = topologicalOrder(graph).filter((node) => selected.has(node.id));
    const progress = new BuildProgress(order, graph);
    expect(names(progress.order)).toBe('ABCD');
    expect(names(progress.done('TextInput-D'))).toBe('');
  });
});
