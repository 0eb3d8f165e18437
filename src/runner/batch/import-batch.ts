import type { ResultsRepository } from '../../store/results-repository.js';
import { resultKeyText } from '../../store/results-repository.js';
import { createProvider } from '../create-provider.js';
import type { RunEventListener, RunSummary } from '../events.js';
import type { ModelConfig, RunConfig } from '../load-config.js';
import { runHarness } from '../run-harness.js';
import type { BatchOutputLine } from './batch-lines.js';
import { replayFetch } from './batch-exchange.js';
import { OPENAI_BATCH_PROVIDERS, planBatchUnits } from './plan-batch-units.js';

/** What an import did: the run's summary, and how much of the planned batch work the outputs answered. */
export interface ImportSummary {
  summary: RunSummary;
  /** Units whose every request line the outputs answer (imported now). */
  answered: number;
  /** Units still without an answer (not in the outputs): export them again, or run them live. */
  unanswered: number;
  /** Output lines that no unit of the run asked for (another run's, or already imported). */
  unknownLines: number;
}

/**
 * Imports batch output lines into the latest run of the store: the units whose requests they
 * answer are run through the harness with a fetch that replays the answers, so each goes through
 * the same provider parsing, scoring, checks, cache and store as a live response (an error line
 * becomes a stored error, as a failed live request does). Units not answered stay to do.
 */
export async function importBatch(options: {
  config: RunConfig; repository: ResultsRepository; outputs: Map<string, BatchOutputLine>; retryErrors?: boolean; onEvent?: RunEventListener; signal?: AbortSignal;
  /** Multiplies the config's prices (a provider batch's discount). */
  priceFactor?: number;
  /** Providers whose answers these are (default: those of OpenAI-batch files). */
  providers?: ReadonlyArray<ModelConfig['provider']>;
}): Promise<ImportSummary> {
  const { config, repository, outputs } = options;
  const providers = options.providers ?? OPENAI_BATCH_PROVIDERS;
  const plan = await planBatchUnits(config, repository, { retryErrors: options.retryErrors, providers });
  const answeredKeys = new Set<string>();
  const asked = new Set<string>();
  for (const unit of plan.units) {
    for (const line of unit.lines) asked.add(line.custom_id);
    if (unit.lines.length > 0 && unit.lines.every((line) => outputs.has(line.custom_id))) answeredKeys.add(resultKeyText(unit.key));
  }
  const fetch = replayFetch(outputs);
  const summary = await runHarness({
    config, repository, resume: true, retryErrors: options.retryErrors, onEvent: options.onEvent, signal: options.signal,
    retryPolicy: { retries: 0 }, priceFactor: options.priceFactor,
    include: (key) => answeredKeys.has(resultKeyText(key)),
    createProvider: (model) => {
      if (!providers.includes(model.provider)) throw new Error(`the ${model.provider} provider has no batch answers`);
      return createProvider(model, { timeoutMs: config.timeoutMs, fetch });
    },
  });
  const unanswered = plan.units.length - answeredKeys.size;
  // The harness saw only the answered units: the run is complete only when nothing else is left.
  if (summary.status === 'completed' && (unanswered > 0 || plan.skippedModels.length > 0)) repository.setRunStatus(summary.runId, 'stopped');
  return { summary, answered: answeredKeys.size, unanswered, unknownLines: [...outputs.keys()].filter((id) => !asked.has(id)).length };
}
