import { usageError } from '../../core/errors.js';
import { mergeStores } from '../../store/merge-stores.js';

/** The flags of `scalegap merge`. */
export interface MergeFlags {
  output: string;
  onConflict: string;
}

const SHOWN_CONFLICTS = 20;

/** `scalegap merge`: prints what was combined; conflicts are listed and (by default) exit 1 with nothing written. */
export function mergeAction(stores: string[], flags: MergeFlags): void {
  if (flags.onConflict !== 'fail' && flags.onConflict !== 'first') throw usageError(`--on-conflict must be fail or first, not "${flags.onConflict}"`);
  const summary = mergeStores(stores, flags.output, { onConflict: flags.onConflict });
  const lines = stores.map((store, index) => `  ${store}: ${summary.resultsPerInput[index]} new results`);
  for (const conflict of summary.conflicts.slice(0, SHOWN_CONFLICTS)) {
    lines.push(`conflict: ${conflict.modelId} ${conflict.task} ${conflict.itemId} sample ${conflict.sample}: ${conflict.files[0]} and ${conflict.files[1]} differ in ${conflict.columns.join(', ')}`);
  }
  if (summary.conflicts.length > SHOWN_CONFLICTS) lines.push(`… and ${summary.conflicts.length - SHOWN_CONFLICTS} more conflicts`);
  const tally = `${summary.results} results, ${summary.duplicates} duplicates, ${summary.errorsReplaced} errors superseded by scored results, ${summary.conflicts.length} conflicts`;
  if (!summary.written) {
    lines.push(`${tally}; nothing written (pass --on-conflict first to keep the first store's result)`);
    process.exitCode = 1;
  } else {
    lines.push(`merged into ${summary.output}: ${tally}${summary.conflicts.length > 0 ? ' (first store kept)' : ''}`);
    if (summary.missing > 0) lines.push(`${summary.missing} planned results are in none of the stores: a shard is missing or unfinished (the run is marked stopped)`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
