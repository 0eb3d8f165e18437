import { basename } from 'node:path';
import type { GenerateResult, ProviderCapabilities } from '../spec.js';
import { ProviderCallError } from '../spec.js';
import type { LlamaCppProvider, LlamaCppProviderOptions, LlamaScoreOptionsResult } from './llama-cpp-provider.js';
import { acquireHostedModel, type HostedModel } from './llama-host-pool.js';

/**
 * The llama-cpp provider with the model in a child process (a llama host), for runs of several local
 * models: node-llama-cpp in one process keeps two cores only ~1.5 busy with many small models (the
 * lab's 15: 87 s in one process, 77 s over two hosts; bench/lab-scoring.bench.ts), so the models are
 * spread over up to `hosts` processes. Same results as the in-process provider, which runs inside the host.
 */
export function createHostedLlamaCppProvider(options: LlamaCppProviderOptions, hosts: number): LlamaCppProvider {
  let hosted: HostedModel | undefined;
  let opening: Promise<ProviderCapabilities> | undefined;
  let closed = false;

  const open = (): Promise<ProviderCapabilities> => {
    if (closed) return Promise.reject(new ProviderCallError('llama-cpp provider is closed', { isRetryable: false }));
    if (opening === undefined) {
      const place = acquireHostedModel(hosts);
      hosted = place;
      const attempt = place.call({ op: 'open', options }) as Promise<ProviderCapabilities>;
      opening = attempt;
      attempt.catch(() => {
        // a model that did not load frees its place; a later call tries again
        place.release();
        if (opening === attempt) opening = undefined;
      });
    }
    return opening;
  };

  return {
    specificationVersion: 'v1',
    provider: 'llama-cpp',
    modelId: options.modelId ?? basename(options.modelPath),

    async probe() {
      return { ...(await open()) };
    },

    async scoreOptions({ signal, ...request }) {
      await open();
      return (await hosted!.call({ op: 'scoreOptions', request }, signal)) as LlamaScoreOptionsResult;
    },

    async generate({ signal, ...request }) {
      await open();
      return (await hosted!.call({ op: 'generate', request }, signal)) as GenerateResult;
    },

    async close() {
      closed = true;
      const loading = opening;
      opening = undefined;
      if (loading === undefined || hosted === undefined) return;
      const place = hosted;
      hosted = undefined;
      if (await loading.then(() => true, () => false)) {
        await place.call({ op: 'close' }).catch(() => undefined);
        place.release();
      }
    },
  };
}
