// Langflow's Language Model (LanguageModelComponent): one component for every provider, the
// provider and model in its `model` field. Outputs `text_output` (the answer) and
// `model_output` (the model, for an Agent or a Structured Output).
import { languageModelDefinition } from '../catalogue/definitions/models.js';
import type { Component } from '../component.js';
import { modelOf } from '../models/model-handle.js';
import { textResponse } from '../models/text-response.js';

export const LanguageModel: Component = {
  type: 'LanguageModelComponent',
  displayName: 'Language Model',
  definition: languageModelDefinition,
  async run(ctx) {
    return textResponse(ctx, await modelOf(ctx));
  },
};
