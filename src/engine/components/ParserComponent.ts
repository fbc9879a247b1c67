// Langflow's Parser (type `ParserComponent`, also `parser` in some starters): in Parser mode,
// fills `pattern` (`{column}` / `{key}`, Python format style) once per DataFrame row, or once for
// a Data (a missing key is the Data's default value), joined by `sep`; in Stringify mode, the
// input as text (Data as a JSON code block, DataFrame as a Markdown table). A Message counts as
// a Data of its fields, as in Langflow, where Message is a Data.
import { tabField } from '../catalogue/data-fields.js';
import { handleField, multilineField, textField } from '../catalogue/fields.js';
import type { Component, ComponentContext } from '../component.js';
import { chatText, cleanString, isData, isDataFrame, type Data } from '../data.js';
import { ComponentRunError } from '../errors.js';
import { boolValue } from '../field-values.js';
import { describeNode } from '../flow-graph.js';
import { createMessage, isMessage, textOf } from '../message.js';
import { parsePromptTemplate, PromptSyntaxError } from '../prompt-template.js';

/** Python's str() for the values a template shows. */
function pythonText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return textOf(value);
}

function fill(ctx: ComponentContext, pattern: string, lookup: (key: string) => unknown): string {
  let parts;
  try {
    parts = parsePromptTemplate(pattern);
  } catch (error) {
    if (!(error instanceof PromptSyntaxError)) throw error;
    throw new ComponentRunError(`Invalid template in ${describeNode(ctx.node)}: ${error.message}`, ctx.node.id);
  }
  return parts
    .map((part) => {
      if (!('variable' in part)) return part.literal;
      // `{price:.2f}` and `{name!r}`: the key is before any conversion or format spec.
      const key = part.variable.split(/[!:]/)[0].trim();
      return pythonText(lookup(key));
    })
    .join('');
}

function asData(value: unknown): Data | undefined {
  if (isData(value)) return value;
  if (isMessage(value)) return { text_key: 'text', data: { ...value }, default_value: '' };
  return undefined;
}

function parse(ctx: ComponentContext): string {
  const input = ctx.input('input_data');
  const mode = ctx.text('mode') || 'Parser';
  if (mode === 'Stringify') {
    const clean = boolValue(ctx.input('clean_data'), false);
    const items = Array.isArray(input) ? input : [input];
    const text = items.map((item) => chatText(item)).join('\n');
    return clean ? cleanString(text) : text;
  }
  const pattern = ctx.text('pattern');
  const sep = ctx.input('sep') === undefined ? '\n' : ctx.text('sep');
  if (Array.isArray(input)) {
    throw new ComponentRunError(`${describeNode(ctx.node)}: List of Data objects is not supported.`, ctx.node.id);
  }
  if (isDataFrame(input)) {
    return input.rows
      .map((row) =>
        fill(ctx, pattern, (key) => {
          if (!(key in row)) throw new ComponentRunError(`${describeNode(ctx.node)}: the template uses {${key}}, which is not a column of the DataFrame`, ctx.node.id);
          return row[key];
        }),
      )
      .join(sep);
  }
  const data = asData(input);
  if (!data) {
    throw new ComponentRunError(`${describeNode(ctx.node)}: Unsupported input type. Expected DataFrame or Data.`, ctx.node.id);
  }
  return fill(ctx, pattern, (key) => (key in data.data ? data.data[key] : data.default_value || ''));
}

export const ParserComponent: Component = {
  type: 'ParserComponent',
  displayName: 'Parser',
  definition: {
    category: 'processing',
    description: 'Extracts text using a template.',
    icon: 'braces',
    fields: [
      handleField('input_data', 'Data or DataFrame', ['DataFrame', 'Data'], { required: true, info: 'Accepts either a DataFrame or a Data object.' }),
      tabField('mode', 'Mode', ['Parser', 'Stringify'], 'Parser', { info: 'Convert into raw string instead of using a template.' }),
      multilineField('pattern', 'Template', 'Text: {text}', {
        required: true,
        input_types: [],
        info: 'Use variables within curly brackets to extract column values for DataFrames or key values for Data.',
      }),
      textField('sep', 'Separator', '\n', { advanced: true, info: 'String used to separate rows/items.' }),
    ],
    outputs: [{ name: 'parsed_text', display_name: 'Parsed Text', method: 'parse_combined_text', types: ['Message'] }],
  },
  required: ['input_data'],
  async run(ctx) {
    const message = createMessage({ text: parse(ctx), timestamp: ctx.timestamp() });
    return { outputName: 'parsed_text', value: message };
  },
};

/** The same component under the type name some starters use. */
export const parser: Component = { ...ParserComponent, type: 'parser', definition: undefined };
