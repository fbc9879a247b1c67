// Where the model providers are, when the operator points them elsewhere than their public
// APIs: OPENAI_BASE_URL (OpenAI's SDK name; OPENAI_API_BASE, LangChain's older name, also
// works), ANTHROPIC_BASE_URL and OLLAMA_BASE_URL. These are the SDKs' own variable names, not
// LANGFLOW_* ones. A base URL the operator sets is trusted (it is not checked against SSRF);
// one written in a flow is not.
import type { ModelProviderConfig } from './config-types.js';
import type { Reader } from './env-reader.js';

export function readModelProviders(r: Reader, merged: Record<string, string>): { modelProviders: ModelProviderConfig } {
  const upper = new Map(Object.entries(merged).map(([key, value]) => [key.toUpperCase(), value]));
  const url = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = upper.get(name)?.trim();
      if (!value) continue;
      if (!isHttpUrl(value)) {
        r.problems.push({ variable: name, value, allowed: 'an http:// or https:// URL' });
        return undefined;
      }
      return value.replace(/\/+$/, '');
    }
    return undefined;
  };
  return {
    modelProviders: {
      openaiBaseUrl: url('OPENAI_BASE_URL', 'OPENAI_API_BASE'),
      anthropicBaseUrl: url('ANTHROPIC_BASE_URL'),
      ollamaBaseUrl: url('OLLAMA_BASE_URL'),
    },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
