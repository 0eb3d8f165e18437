import type { Command } from 'commander';
import type { MergeFlags } from './merge-action.js';

/** `scalegap merge A.db B.db … -o all.db`: combine the stores of one run (shards, or resumed copies). */
export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Combine stores of the same run (e.g. the shards of scalegap run --shard i/N) into one store')
    .argument('<stores...>', 'the stores to merge (the latest run of each)')
    .requiredOption('-o, --output <file>', 'the merged store (written atomically; may be one of the inputs)')
    .option('--on-conflict <mode>', 'when two stores hold different results for one request: fail (write nothing) or first (keep the first store\'s)', 'fail')
    .action(async (stores: string[], flags: MergeFlags) => (await import('./merge-action.js')).mergeAction(stores, flags));
}
