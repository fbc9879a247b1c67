// Langflow's Calculator (type `CalculatorComponent`): evaluates `expression` with + - * / ** and
// returns Data `{result}` or, for a bad expression or a division by zero, Data `{error, input}`
// (not a failed run, as in Langflow). Usually an agent's tool (`evaluate_expression`).
import { textField } from '../catalogue/fields.js';
import { evaluateExpression } from '../calculator.js';
import type { Component } from '../component.js';
import { createData } from '../data.js';
import { createMessage } from '../message.js';

export const CalculatorComponent: Component = {
  type: 'CalculatorComponent',
  displayName: 'Calculator',
  definition: {
    category: 'utilities',
    description: 'Perform basic arithmetic operations on a given expression.',
    icon: 'calculator',
    fields: [
      textField('expression', 'Expression', '', { info: "The arithmetic expression to evaluate (e.g., '4*4*(33/22)+12-20').", tool_mode: true }),
    ],
    outputs: [{ name: 'result', display_name: 'Data', method: 'evaluate_expression', types: ['Data'] }],
  },
  async run(ctx) {
    const data = evaluateExpression(ctx.text('expression'));
    return {
      outputName: 'result',
      value: createMessage({ text: data.result ?? data.error, timestamp: ctx.timestamp() }),
      outputs: { result: createData(data) },
    };
  },
  tools: [
    {
      name: 'evaluate_expression',
      output: 'result',
      description: 'Perform basic arithmetic operations on a given expression.',
      args: {
        expression: { type: 'string', description: "The arithmetic expression to evaluate (e.g., '4*4*(33/22)+12-20')." },
      },
    },
  ],
};
