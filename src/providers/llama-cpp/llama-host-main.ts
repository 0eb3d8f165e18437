/**
 * The entry of a llama host process (started by llama-host-pool.ts): it loads the models it is asked to
 * and answers scoring and generation requests through the in-process provider, over the IPC channel.
 * It exits when the parent disconnects (also when the parent was killed), and leaves Ctrl-C to the parent.
 */
import { ProviderCallError } from '../spec.js';
import { createLlamaCppProvider, type LlamaCppProvider } from './llama-cpp-provider.js';
import type { HostReply, HostRequest } from './llama-host-protocol.js';

const providers = new Map<number, LlamaCppProvider>();

function reply(message: HostReply): void {
  process.send?.(message);
}

async function handle(request: HostRequest): Promise<unknown> {
  if (request.op === 'open') {
    const provider = createLlamaCppProvider(request.options);
    providers.set(request.model, provider);
    return provider.probe();
  }
  const provider = providers.get(request.model);
  if (!provider) throw new ProviderCallError(`llama-cpp host: model ${request.model} is not open`, { isRetryable: false });
  if (request.op === 'scoreOptions') return provider.scoreOptions(request.request);
  if (request.op === 'generate') return provider.generate(request.request);
  providers.delete(request.model);
  return provider.close();
}

process.on('message', (request: HostRequest) => {
  handle(request).then(
    (value) => reply({ id: request.id, ok: true, value }),
    (error: unknown) => reply({
      id: request.id, ok: false,
      message: error instanceof Error ? error.message : String(error),
      retryable: error instanceof ProviderCallError ? error.isRetryable : null,
    }),
  );
});
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group: the parent decides (it stops the run and closes its models).
process.on('SIGINT', () => {});
