// The starter flows offered to new users, in Langflow's flow format. Each call returns fresh
// copies, so callers may change them.
import { basicPrompting } from './starters/basic-prompting.js';
import { textCombiner } from './starters/text-combiner.js';
import { writingAssistant } from './starters/writing-assistant.js';

export interface StarterFlow {
  name: string;
  description: string;
  /** The template categories of Langflow's UI they show under ("chatbots" is its Prompting). */
  tags: string[];
  data: { nodes: unknown[]; edges: unknown[]; viewport: { x: number; y: number; zoom: number } };
}

export function starterFlows(): StarterFlow[] {
  return structuredClone([basicPrompting, textCombiner, writingAssistant]);
}
