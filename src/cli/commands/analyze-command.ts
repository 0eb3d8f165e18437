import type { Command } from 'commander';

/** `scalegap analyze [FILES...]` (work in progress). */
export function registerAnalyzeCommand(program: Command): void {
  program.command('analyze').description('Analyse measurements (work in progress)').action(() => {
    throw new Error('not yet');
  });
}
