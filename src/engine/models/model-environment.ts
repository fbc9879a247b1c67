// What the engine knows of the model providers' whereabouts: the operator's base URLs
// (trusted: reached through the run's trustedFetch, still size- and time-limited). An address
// written in a flow goes through the run's SSRF-guarded fetch instead.

export interface ModelEnvironment {
  openaiBaseUrl?: string;
  anthropicBaseUrl?: string;
  ollamaBaseUrl?: string;
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
