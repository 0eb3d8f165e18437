import type { ModelProvider } from '../providers/spec.js';
import type { ProviderRequest } from './build-request.js';
import { BadResponseError } from './interpret-response.js';
import type { ModelConfig } from './load-config.js';
import { requestKey } from '../store/request-key.js';

/** Sends one request to a provider: option scoring or generation. */
export async function sendRequest(provider: ModelProvider, request: ProviderRequest, signal: AbortSignal): Promise<unknown> {
  if (request.kind === 'score') {
    if (!provider.scoreOptions) throw new BadResponseError('the provider cannot score options');
    return provider.scoreOptions({ prompt: request.prompt, options: request.options, signal });
  }
  if (!provider.generate) throw new BadResponseError('the provider cannot generate text');
  const { kind: _kind, ...rest } = request;
  return provider.generate({ ...rest, signal });
}

/** The response-cache key of a model's request (the same for live, batch and imported answers). */
export function unitCacheKey(model: ModelConfig, request: ProviderRequest): string {
  return requestKey({ provider: model.provider, model: model.model, fingerprint: model.fingerprint, baseUrl: model.baseUrl, ...request });
}
