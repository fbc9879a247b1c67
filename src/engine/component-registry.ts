// Langflow type name → component. Adding a component: one file in components/, one line here.
import type { Component } from './component.js';
import { UnknownComponentError } from './errors.js';
import { describeNode, type FlowNode } from './flow-graph.js';
import { ChatInput } from './components/ChatInput.js';
import { ChatOutput } from './components/ChatOutput.js';
import { CombineText } from './components/CombineText.js';
import { LanguageModel } from './components/LanguageModel.js';
import { Memory } from './components/Memory.js';
import { Agent } from './components/Agent.js';
import { StructuredOutput } from './components/StructuredOutput.js';
import { OpenAIModel } from './components/OpenAIModel.js';
import { Prompt } from './components/Prompt.js';
import { TextInput } from './components/TextInput.js';
import { TextOutput } from './components/TextOutput.js';
import { URL, URLComponent } from './components/URLComponent.js';
import { APIRequest } from './components/APIRequest.js';
import { CalculatorComponent } from './components/CalculatorComponent.js';
import { File } from './components/File.js';
import { parser, ParserComponent } from './components/ParserComponent.js';

const components: ReadonlyMap<string, Component> = new Map(
  [ChatInput, TextInput, Prompt, CombineText, ChatOutput, TextOutput, URLComponent, URL, APIRequest, CalculatorComponent, File, ParserComponent, parser, LanguageModel, OpenAIModel, Memory, Agent, StructuredOutput].map((component) => [component.type, component]),
);

/** The component for a node's type; an unknown type is an UnknownComponentError naming it. */
export function componentFor(node: FlowNode): Component {
  const component = components.get(node.type);
  if (!component) throw new UnknownComponentError(node.type, describeNode(node), node.id);
  return component;
}

/** Every component the engine can run. */
export function registeredComponents(): Component[] {
  return [...components.values()];
}

/** The type names the engine can run. */
export function knownComponentTypes(): string[] {
  return [...components.keys()];
}
