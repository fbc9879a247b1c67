// Langflow 1.8's model-provider API, for the providers Flowgate runs (OpenAI, Anthropic, Ollama):
// which providers a user has enabled and the models each offers. As in Langflow, a provider is
// enabled when the user has a Credential variable of the provider's name (OPENAI_API_KEY,
// ANTHROPIC_API_KEY, OLLAMA_BASE_URL); every listed model is a default one, so all models of an
// enabled provider are enabled. Only names and types of variables are read, never their values.
import { MODEL_OPTIONS } from '../../engine/catalogue/definitions/models.js';
import { listVariableRows } from '../../storage/repositories/variables.js';
import type { AppDeps } from '../deps.js';
import { CREDENTIAL_TYPE } from '../variables/variable-values.js';

/** Langflow's `get_model_provider_variable_mapping`, for Flowgate's providers. */
export const PROVIDER_VARIABLES: Readonly<Record<string, string>> = {
  OpenAI: 'OPENAI_API_KEY',
  Anthropic: 'ANTHROPIC_API_KEY',
  Ollama: 'OLLAMA_BASE_URL',
};

const PROVIDERS = [...new Set(MODEL_OPTIONS.map((option) => option.provider))];

export interface ProviderModels {
  provider: string;
  icon: string;
  models: { model_name: string; metadata: Record<string, unknown> }[];
  num_models: number;
  is_enabled: boolean;
}

/** One entry of a `model` field's `options`, as Langflow's editor lists them. */
export interface ModelOption {
  name: string;
  icon: string;
  category: string;
  provider: string;
  metadata: Record<string, unknown>;
}

function modelMetadata(provider: string): Record<string, unknown> {
  return { provider, icon: provider, model_type: 'llm', default: true, tool_calling: true, deprecated: false, not_supported: false };
}

/** `{provider: enabled}` for every provider Flowgate runs. */
export async function providerStatus(deps: AppDeps, userId: string): Promise<Record<string, boolean>> {
  const rows = await listVariableRows(deps.storage.db, userId);
  const credentials = new Set(rows.filter((row) => row.type === CREDENTIAL_TYPE).map((row) => row.name));
  return Object.fromEntries(PROVIDERS.map((provider) => [provider, credentials.has(PROVIDER_VARIABLES[provider] ?? '')]));
}

/** GET /api/v1/models: enabled providers first, then by name, as Langflow sorts them. */
export async function listProviderModels(deps: AppDeps, userId: string, only?: string[]): Promise<ProviderModels[]> {
  const status = await providerStatus(deps, userId);
  return PROVIDERS.filter((provider) => !only || only.includes(provider))
    .map((provider) => {
      const models = MODEL_OPTIONS.filter((option) => option.provider === provider).map((option) => ({
        model_name: option.name,
        metadata: modelMetadata(provider),
      }));
      return { provider, icon: provider, models, num_models: models.length, is_enabled: status[provider] ?? false };
    })
    .sort((a, b) => Number(b.is_enabled) - Number(a.is_enabled) || a.provider.localeCompare(b.provider));
}

/** GET /api/v1/models/enabled_models: `{provider: {model: enabled}}`. */
export async function enabledModels(deps: AppDeps, userId: string): Promise<Record<string, Record<string, boolean>>> {
  const status = await providerStatus(deps, userId);
  const result: Record<string, Record<string, boolean>> = {};
  for (const option of MODEL_OPTIONS) (result[option.provider] ??= {})[option.name] = status[option.provider] ?? false;
  return result;
}

/** The options of a `model` field: the models of the providers the user has enabled. */
export async function modelOptionsFor(deps: AppDeps, userId: string): Promise<ModelOption[]> {
  const status = await providerStatus(deps, userId);
  return MODEL_OPTIONS.filter((option) => status[option.provider]).map((option) => ({
    name: option.name,
    icon: option.provider,
    category: option.provider,
    provider: option.provider,
    metadata: modelMetadata(option.provider),
  }));
}
