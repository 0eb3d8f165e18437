import type { Command } from 'commander';
import type { PlanFlags } from './plan-action.js';

/** `scalegap plan --models 1b,3b,8b,70b --effect 3pp`: items per model needed before measuring. */
export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('How many items per model would tell these sizes apart? (before measuring anything)')
    .requiredOption('--models <sizes>', 'the sizes you would measure, comma-separated: 1b,3b,8b,70b')
    .requiredOption('--effect <pp>', 'the accuracy slope to detect, per decade of parameters: 3pp (or the fraction 0.03)')
    .option('--accuracy <fraction>', 'expected accuracy (0.5 is the worst case)', '0.5')
    .option('--power <fraction>', 'power wanted', '0.8')
    .option('--delta <pp>', 'flatness margin per decade, as in analyze', '0.05')
    .option('--scatter <pp>', 'SD of whole models around the trend (e.g. 1pp); 0 assumes none', '0')
    .option('--json', 'print the plan as JSON')
    .action(async (flags: PlanFlags) => (await import('./plan-action.js')).planAction(flags));
}
