import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ProviderCallError } from '../spec.js';
import type { HostReply, HostRequest } from './llama-host-protocol.js';

/** A child process that runs node-llama-cpp for some of the run's models. */
interface Host {
  child: ChildProcess;
  models: number;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

/** A model's place on a host: send it requests, and release it when the model is closed. */
export interface HostedModel {
  call(request: DistributiveOmit<HostRequest, 'id' | 'model'>, signal?: AbortSignal): Promise<unknown>;
  release(): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const hosts: Host[] = [];
let nextRequestId = 0;
let nextModelNumber = 0;

/** The host entry next to this module (TypeScript under tsx or vitest, JavaScript when built). */
function startHost(): Host {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./llama-host-main.${typescript ? 'ts' : 'js'}`, import.meta.url));
  const child = fork(entry, [], {
    // the child's stdout goes to our stderr: nothing it prints can mix into a report written to stdout
    execArgv: typescript ? ['--import', 'tsx'] : [], stdio: ['ignore', 2, 2, 'ipc'], serialization: 'advanced',
  });
  const host: Host = { child, models: 0, pending: new Map() };
  idle(host);
  child.on('message', (reply: HostReply) => {
    const waiting = host.pending.get(reply.id);
    if (!waiting) return;
    host.pending.delete(reply.id);
    if (host.pending.size === 0) idle(host);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new ProviderCallError(reply.message, { isRetryable: reply.retryable ?? false }));
  });
  const fail = (why: string): void => {
    forget(host);
    for (const waiting of host.pending.values()) waiting.reject(new ProviderCallError(`llama-cpp host process ${why}`, { isRetryable: false }));
    host.pending.clear();
  };
  child.on('exit', (code, signal) => fail(`exited (${signal ?? `code ${code}`})`));
  child.on('error', (error) => fail(`failed: ${error.message}`));
  hosts.push(host);
  return host;
}

/** Takes a host out of the running ones; false when it was not among them (it had died). */
function forget(host: Host): boolean {
  const index = hosts.indexOf(host);
  if (index >= 0) hosts.splice(index, 1);
  return index >= 0;
}

/** A host with no call in flight does not keep this process alive (a run that failed before closing its models still exits). */
function idle(host: Host): void {
  host.child.unref();
  host.child.channel?.unref();
}

function busy(host: Host): void {
  host.child.ref();
  host.child.channel?.ref();
}

/**
 * A place for one model on a host process: a new host while fewer than `limit` run, else the one
 * with the fewest models. A host ends when its last model is released.
 */
export function acquireHostedModel(limit: number): HostedModel {
  const host = hosts.length < Math.max(1, limit) ? startHost() : hosts.reduce((least, candidate) => (candidate.models < least.models ? candidate : least));
  host.models += 1;
  const model = nextModelNumber++;
  let released = false;
  return {
    call(request, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
      if (!hosts.includes(host)) return Promise.reject(new ProviderCallError('llama-cpp host process is gone', { isRetryable: false }));
      const id = nextRequestId++;
      return new Promise((resolve, reject) => {
        // An abort answers at once; the host finishes the call and its answer is dropped.
        const onAbort = (): void => {
          host.pending.delete(id);
          if (host.pending.size === 0) idle(host);
          reject(signal?.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = <T>(finish: (value: T) => void) => (value: T): void => {
          signal?.removeEventListener('abort', onAbort);
          finish(value);
        };
        if (host.pending.size === 0) busy(host);
        host.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
        host.child.send({ ...request, id, model } as HostRequest);
      });
    },
    release() {
      if (released) return;
      released = true;
      host.models -= 1;
      if (host.models === 0 && forget(host)) host.child.disconnect();
    },
  };
}

/** The process ids of the running hosts (for tests and diagnostics). */
export function hostProcessIds(): number[] {
  return hosts.map((host) => host.child.pid).filter((pid): pid is number => pid !== undefined);
}
