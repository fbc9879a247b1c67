// Langflow's OpenAI component (OpenAIModel): model in `model_name`, key in `api_key`
// (normally the OPENAI_API_KEY variable), an OpenAI-compatible server in `openai_api_base`.
import { openAIModelDefinition } from '../catalogue/definitions/models.js';
import type { Component } from '../component.js';
import { chatModelFor } from '../models/model-selection.js';
import { numberField, positiveInt } from '../models/model-handle.js';
import { textResponse } from '../models/text-response.js';

const DEFAULT_MODEL = 'gpt-4o-mini';

export const OpenAIModel: Component = {
  type: 'OpenAIModel',
  displayName: 'OpenAI',
  definition: openAIModelDefinition,
  async run(ctx) {
    const name = ctx.text('model_name').trim() || DEFAULT_MODEL;
    const model = await chatModelFor(ctx, { provider: 'OpenAI', name }, { apiKey: 'api_key', baseUrl: 'openai_api_base' });
    return textResponse(ctx, { kind: 'language-model', model, temperature: numberField(ctx, 'temperature'), maxTokens: positiveInt(ctx, 'max_tokens') });
  },
};
