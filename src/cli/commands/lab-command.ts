import type { Command } from 'commander';
import type { LabRunFlags } from './lab-action.js';
import { addOutputFlags } from './analyze-command.js';

/** `scalegap lab run`: the shipped ladder of tiny models, evaluated here on held-out items and analysed. */
export function registerLabCommand(program: Command): void {
  const lab = program.command('lab').description('The scaling lab: a ladder of tiny llama models trained from scratch, shipped with scalegap');
  const run = lab
    .command('run')
    .description('Evaluate the shipped ladder on its held-out items (offline, CPU) and report scaling verdicts')
    .option('--ladder <dir>', 'a ladder folder with manifest.json (default: the shipped one)')
    .option('--tasks <names>', 'comma-separated tasks (default: the held-out tasks and the shortcut probe)')
    .option('--diagnostics', 'also evaluate the items seen in training (memorisation diagnostics)')
    .option('--variants', 'also evaluate the knowledge task in all three phrasings (answer consistency across phrasings)')
    .option('--db <file>', 'the results store the run is added to (like scalegap run)', 'scalegap-lab.db')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('--bootstrap <B>', 'paired bootstrap resamples', '2000')
    .option('--seed <n>', 'seed of the bootstrap (results are reproducible)', '1')
    .option('-q, --quiet', 'no progress lines on stderr');
  addOutputFlags(run).action(async (flags: LabRunFlags) => (await import('./lab-action.js')).labRunAction(flags));
}
