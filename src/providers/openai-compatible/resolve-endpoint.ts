import type { DestinationConfig } from '../../config/schema.js';

type OpenAICompatibleConfig = Extract<DestinationConfig, { kind: 'openai-compatible' }>;

export type OpenAIOperation = 'chat/completions' | 'completions' | 'embeddings';

/**
 * How one destination speaks the OpenAI dialect. `openai` is OpenAI's own API, `azure` is Azure
 * OpenAI, `generic` is any other compatible server (vLLM, llama.cpp, LM Studio...), which may
 * only know the older parameter names.
 */
export interface OpenAIEndpoint {
  flavour: 'openai' | 'azure' | 'generic';
  /** Request path (relative to the base URL, with its query) for an operation and upstream model. */
  resolvePath(operation: OpenAIOperation, model: string): string;
  /** Headers carrying the credential. */
  authHeaders: Record<string, string>;
}

/** Decides paths and auth for a destination once, at creation. */
export function resolveEndpoint(config: OpenAICompatibleConfig, apiKey: string | undefined): OpenAIEndpoint {
  const azure = config.azure;
  if (azure) {
    const query = `api-version=${encodeURIComponent(azure.apiVersion)}`;
    return {
      flavour: 'azure',
      // Azure routes by deployment, not by the body's model; the upstream model names the
      // deployment when none is configured.
      resolvePath: (operation, model) => `openai/deployments/${encodeURIComponent(azure.deployment ?? model)}/${operation}?${query}`,
      authHeaders: apiKey === undefined ? {} : { 'api-key': apiKey },
    };
  }
  return {
    flavour: new URL(config.baseUrl).hostname === 'api.openai.com' ? 'openai' : 'generic',
    resolvePath: (operation) => operation,
    authHeaders: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
  };
}
