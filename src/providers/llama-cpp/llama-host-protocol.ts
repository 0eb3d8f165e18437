import type { GenerateRequest, ScoreOptionsRequest } from '../spec.js';
import type { LlamaCppProviderOptions } from './llama-cpp-provider.js';

/** A request to a llama host process, about one of its models (`model` is the parent's number for it). */
export type HostRequest =
  | { id: number; model: number; op: 'open'; options: LlamaCppProviderOptions }
  | { id: number; model: number; op: 'scoreOptions'; request: Omit<ScoreOptionsRequest, 'signal'> }
  | { id: number; model: number; op: 'generate'; request: Omit<GenerateRequest, 'signal'> }
  | { id: number; model: number; op: 'close' };

/** The answer to request `id`: its value, or the error as data (a ProviderCallError when `retryable` is set). */
export type HostReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; retryable: boolean | null };
