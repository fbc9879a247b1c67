// What the catalogue knows of a component: the fields and outputs Langflow's editor draws,
// in Langflow's own JSON (a field is a `template` entry of a node, as in an exported flow).
// One definition serves the engine's starters, GET /api/v1/all and the web editor.

export type FieldJson = Record<string, unknown> & { name: string; type: string; display_name: string };

export interface OutputDefinition {
  /** Langflow's output name (`message`, `prompt`, `text_output`…). */
  name: string;
  display_name: string;
  /** The Python method behind it in Langflow (`message_response`); kept for exported flows. */
  method: string;
  /** What the output carries: `Message`, `Data`, `DataFrame`, `LanguageModel`, `Tool`… */
  types: string[];
}

export interface ComponentDefinition {
  /** Langflow's sidebar category (its component folder): `input_output`, `models_and_agents`… */
  category: string;
  description: string;
  /** A Lucide icon name, as Langflow's UI spells it. */
  icon: string;
  /** The fields in display order. */
  fields: readonly FieldJson[];
  outputs: readonly OutputDefinition[];
  /** Langflow's `base_classes`: the types the outputs carry. Defaults to the outputs' types. */
  baseClasses?: readonly string[];
  beta?: boolean;
  legacy?: boolean;
}
