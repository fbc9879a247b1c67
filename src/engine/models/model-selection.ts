// From a component's fields to a ChatModel: which provider and model (Langflow's `model` field,
// `[{"provider": "OpenAI", "name": "gpt-4o-mini"}]`), which API key (the `api_key` field, else
// the CALLING user's variable for the provider, as Langflow 1.8's get_api_key_for_provider),
// and which address (the operator's base URL, else the provider's own; Ollama's from the
// field, the user's OLLAMA_BASE_URL variable or the operator's).
//
// Beyond Langflow: a key from a stored variable is only sent to an address the operator
// trusts (the configured base URL or the provider's public API). A flow that writes its own
// address (`openai_api_base`, `ollama_base_url`) is sent through the SSRF-guarded fetch and
// gets no stored credential: an imported flow cannot carry the user's key to its author.
// Every call goes through the run's outbound limits (size, time, cancellation).
import type { ComponentContext } from '../component.js';
import { ComponentRunError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import { textOf } from '../message.js';
import { isLiteralUrlDefault } from '../variables.js';
import { anthropicChatModel } from './anthropic-chat.js';
import type { ChatModel } from './chat-types.js';
import { ANTHROPIC_DEFAULT_BASE_URL, OPENAI_DEFAULT_BASE_URL } from './model-environment.js';
import { openAIChatModel } from './openai-chat.js';
import type { KeyOrigin } from './provider-errors.js';
import { sdkFetch } from './sdk-fetch.js';

export interface ModelSelection {
  provider: string;
  name: string;
}

/** The providers and the variable holding each one's key (Langflow's names). */
export const PROVIDER_KEY_VARIABLES: Readonly<Record<string, string>> = { OpenAI: 'OPENAI_API_KEY', Anthropic: 'ANTHROPIC_API_KEY' };
export const SUPPORTED_PROVIDERS = ['OpenAI', 'Anthropic', 'Ollama'] as const;

/** Reads Langflow's `model` value: a list of `{provider, name}` (the first is used), or one. */
export function modelSelectionOf(value: unknown): ModelSelection | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'object' || first === null) return undefined;
  const { provider, name } = first as { provider?: unknown; name?: unknown };
  if (typeof name !== 'string' || name === '') return undefined;
  return { provider: typeof provider === 'string' && provider !== '' ? provider : 'OpenAI', name };
}

export interface ModelFieldNames {
  apiKey?: string;
  /** A field holding an OpenAI-compatible base URL (OpenAIModel's `openai_api_base`). */
  baseUrl?: string;
}

export async function chatModelFor(ctx: ComponentContext, selection: ModelSelection, fields: ModelFieldNames = {}): Promise<ChatModel> {
  const label = describeNode(ctx.node);
  switch (selection.provider) {
    case 'OpenAI': {
      const flowUrl = fieldText(ctx, fields.baseUrl);
      const key = await apiKey(ctx, 'OpenAI', fields.apiKey ?? 'api_key');
      const baseURL = flowUrl ?? ctx.models.openaiBaseUrl ?? OPENAI_DEFAULT_BASE_URL;
      const fetch = flowUrl ? flowFetch(ctx, key, 'OpenAI', flowUrl) : sdkFetch(ctx.trustedFetch);
      return openAIChatModel({ provider: 'OpenAI', model: selection.name, apiKey: key.key, keyOrigin: key, baseURL, fetch, supportsJsonSchema: true });
    }
    case 'Anthropic': {
      const key = await apiKey(ctx, 'Anthropic', fields.apiKey ?? 'api_key');
      const baseURL = ctx.models.anthropicBaseUrl ?? ANTHROPIC_DEFAULT_BASE_URL;
      return anthropicChatModel({ model: selection.name, apiKey: key.key, keyOrigin: key, baseURL, fetch: sdkFetch(ctx.trustedFetch) });
    }
    case 'Ollama': {
      const fromFlow = await ollamaAddress(ctx);
      const base = fromFlow || ctx.models.ollamaBaseUrl;
      if (!base) {
        throw new ComponentRunError(
          `${label} uses Ollama but no Ollama address is set: fill its Ollama API URL, create an OLLAMA_BASE_URL variable, or set OLLAMA_BASE_URL on the server`,
        );
      }
      const baseURL = `${base.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1`;
      // The operator's address reached through FALLBACK_TO_ENV_VAR is still the operator's.
      const trusted = !fromFlow || fromFlow.replace(/\/+$/, '') === ctx.models.ollamaBaseUrl;
      const fetch = trusted ? sdkFetch(ctx.trustedFetch) : guardedFetch(ctx, 'Ollama', base);
      // Ollama needs no key; the SDK insists on one.
      return openAIChatModel({ provider: 'Ollama', model: selection.name, apiKey: 'ollama', keyOrigin: undefined, baseURL, fetch, supportsJsonSchema: true });
    }
    default:
      throw new ComponentRunError(
        `${label} asks for the provider "${selection.provider}", which Flowgate does not run (supported: ${SUPPORTED_PROVIDERS.join(', ')})`,
      );
  }
}

/**
 * The Ollama address a flow or its user gives: the field when typed or connected, else the
 * user's OLLAMA_BASE_URL variable. A field that only kept Langflow's saved default (a URL in a
 * load_from_db field naming no variable, variables.ts) ranks below the user's variable and the
 * operator's OLLAMA_BASE_URL: it is used only when neither is set.
 */
async function ollamaAddress(ctx: ComponentContext): Promise<string | undefined> {
  const field = fieldText(ctx, 'ollama_base_url');
  const savedDefault = field !== undefined && ctx.sources('ollama_base_url').length === 0 && isLiteralUrlDefault(ctx.node, 'ollama_base_url');
  if (field !== undefined && !savedDefault) return field;
  const variable = (await ctx.variable('OLLAMA_BASE_URL'))?.trim();
  if (variable) return variable;
  return savedDefault && !ctx.models.ollamaBaseUrl ? field : undefined;
}

interface ResolvedKey extends KeyOrigin {
  /** True when the key came from a stored variable (not typed into the flow). */
  stored: boolean;
  variable: string | undefined;
}

async function apiKey(ctx: ComponentContext, provider: string, field: string): Promise<ResolvedKey> {
  const typed = fieldText(ctx, field);
  if (typed) {
    const variable = ctx.fieldVariable(field);
    return { key: typed, stored: variable !== undefined, variable, label: variable ? `the ${variable} variable` : "the component's API Key field" };
  }
  const variable = PROVIDER_KEY_VARIABLES[provider]!;
  const key = (await ctx.variable(variable))?.trim();
  if (!key) {
    throw new ComponentRunError(
      `${describeNode(ctx.node)} needs an ${provider} API key: create a Credential variable named ${variable} or fill the component's API Key field`,
    );
  }
  return { key, stored: true, variable, label: `the ${variable} variable` };
}

function flowFetch(ctx: ComponentContext, key: ResolvedKey, provider: string, url: string): typeof fetch {
  if (key.stored) {
    throw new ComponentRunError(
      `${describeNode(ctx.node)} sends ${key.label} to an address written in the flow (${safeOrigin(url)}); a stored key is only sent to the operator's ${provider} address (OPENAI_BASE_URL). Type the key into the component's API Key field to use this address.`,
    );
  }
  return guardedFetch(ctx, provider, url);
}

function guardedFetch(ctx: ComponentContext, provider: string, url: string): typeof fetch {
  if (!isHttpUrl(url)) throw new ComponentRunError(`${describeNode(ctx.node)} has an invalid ${provider} address: expected an http(s) URL`, ctx.node.id);
  return sdkFetch(ctx.fetch);
}

function fieldText(ctx: ComponentContext, field: string | undefined): string | undefined {
  if (!field) return undefined;
  const text = textOf(ctx.input(field)).trim();
  return text === '' ? undefined : text;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function safeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return 'an invalid URL';
  }
}
