// Which nodes take the request's input_value, and which nodes' results the run returns, per
// Langflow's input_type / output_type: 'chat' → Chat Input / Chat Output, 'text' → Text
// Input / Text Output, 'any' → both; output_type 'debug' returns every component's result.

export type InputType = 'chat' | 'text' | 'any';
export type OutputType = 'chat' | 'text' | 'any' | 'debug';

const INPUTS: Record<InputType, readonly string[]> = {
  chat: ['ChatInput'],
  text: ['TextInput'],
  any: ['ChatInput', 'TextInput'],
};

const OUTPUTS: Record<Exclude<OutputType, 'debug'>, readonly string[]> = {
  chat: ['ChatOutput'],
  text: ['TextOutput'],
  any: ['ChatOutput', 'TextOutput'],
};

export function takesInputValue(componentType: string, inputType: InputType): boolean {
  return (INPUTS[inputType] ?? INPUTS.chat).includes(componentType);
}

export function isRunOutput(componentType: string, outputType: OutputType): boolean {
  if (outputType === 'debug') return true;
  return (OUTPUTS[outputType] ?? OUTPUTS.chat).includes(componentType);
}
