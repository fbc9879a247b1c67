// Langflow's Prompt: fills `{variables}` of its template. Each variable is a field of the
// node (Langflow adds one per variable): an incoming edge to that field wins, else its value.
import { promptField } from '../catalogue/fields.js';
import type { BuildCheck, Component } from '../component.js';
import { FlowBuildError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import { createMessage, textOf } from '../message.js';
import { formatPrompt, PromptSyntaxError, promptVariables } from '../prompt-template.js';

function variablesOf(check: BuildCheck): string[] {
  const template = textOf(check.node.template.template?.value);
  try {
    return promptVariables(template);
  } catch (error) {
    if (!(error instanceof PromptSyntaxError)) throw error;
    throw new FlowBuildError(`Invalid prompt template in ${describeNode(check.node)}: ${error.message}`, check.node.id);
  }
}

export const Prompt: Component = {
  type: 'Prompt',
  displayName: 'Prompt',
  definition: {
    category: 'models_and_agents',
    description: 'Create a prompt template with dynamic variables.',
    icon: 'braces',
    // The template's `{variables}` become fields of their own as the template is edited.
    fields: [promptField('template', 'Template')],
    outputs: [{ name: 'prompt', display_name: 'Prompt', method: 'build_prompt', types: ['Message'] }],
  },
  validate(check) {
    for (const variable of variablesOf(check)) {
      if (!check.connected.has(variable) && !(variable in check.node.template)) {
        throw new FlowBuildError(
          `${describeNode(check.node)} has no value or connection for the prompt variable "${variable}"`,
          check.node.id,
        );
      }
    }
  },
  async run(ctx) {
    const text = formatPrompt(ctx.text('template'), (variable) => ctx.text(variable));
    return { outputName: 'prompt', value: createMessage({ text, timestamp: ctx.timestamp() }) };
  },
};
