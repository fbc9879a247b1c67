// Langflow's prompt templates (Python f-string style): `{name}` is a variable, `{{` and `}}`
// are literal braces. A lone brace is an error, as it is in Langflow.

export type TemplatePart = { literal: string } | { variable: string };

export class PromptSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptSyntaxError';
  }
}

export function parsePromptTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const char = template[i]!;
    const following = template[i + 1];
    if (char === '{' && following === '{') {
      literal += '{';
      i += 2;
    } else if (char === '}' && following === '}') {
      literal += '}';
      i += 2;
    } else if (char === '{') {
      const close = template.indexOf('}', i + 1);
      const name = close === -1 ? '' : template.slice(i + 1, close);
      if (close === -1 || name.includes('{')) throw new PromptSyntaxError(`unclosed "{" at position ${i}`);
      if (name.trim() === '') throw new PromptSyntaxError(`empty variable "{}" at position ${i}`);
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ variable: name.trim() });
      i = close + 1;
    } else if (char === '}') {
      throw new PromptSyntaxError(`single "}" at position ${i} (write "}}" for a literal brace)`);
    } else {
      literal += char;
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** The variable names of a template, each once, in order of first use. */
export function promptVariables(template: string): string[] {
  const names = parsePromptTemplate(template).flatMap((part) => ('variable' in part ? [part.variable] : []));
  return [...new Set(names)];
}

export function formatPrompt(template: string, valueOf: (variable: string) => string): string {
  return parsePromptTemplate(template)
    .map((part) => ('variable' in part ? valueOf(part.variable) : part.literal))
    .join('');
}
