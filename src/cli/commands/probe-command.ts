import { join } from 'node:path';
import type { Command } from 'commander';
import { ScalegapError, usageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { generateProbeSuite, type ProbeSuiteOptions } from '../../tasks/probes/generate-probe-suite.js';
import { DIFFICULTIES, PROBE_TYPES, type Difficulty, type ProbeType } from '../../tasks/probes/probe-case.js';
import { PARAPHRASE_COUNT } from '../../tasks/probes/paraphrase-probe.js';
import { PROBE_GENERATORS } from '../../tasks/probes/probe-registry.js';
import { serializeTaskItem } from '../../tasks/serialize-task-item.js';

interface ProbeFlags {
  n: string;
  seed: string;
  difficulty: string;
  format: string;
  out?: string;
  outDir?: string;
  list?: boolean;
  paraphrases?: string;
}

function parseParaphrases(text: string | undefined, format: 'mc' | 'free'): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > PARAPHRASE_COUNT) throw usageError(`--paraphrases must be a whole number from 0 to ${PARAPHRASE_COUNT}, not "${text}"`);
  if (value > 0 && format !== 'mc') throw usageError('--paraphrases needs --format mc (versions of one item are compared by their chosen choice)');
  return value;
}

const MAX_ITEMS = 100_000;

function parseCount(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_ITEMS) throw usageError(`--n must be a whole number from 1 to ${MAX_ITEMS}, got "${text}"`);
  return value;
}

function parseSeed(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw usageError(`--seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${text}"`);
  return value;
}

function parseDifficulty(text: string): Difficulty | undefined {
  if (text === 'mix') return undefined;
  const value = DIFFICULTIES.find((d) => String(d) === text);
  if (value === undefined) throw usageError(`--difficulty must be 1, 2, 3, 4, 5 or mix (items cycle through 1..5), got "${text}"`);
  return value;
}

function parseTypes(text: string | undefined): ProbeType[] {
  if (text === undefined) throw usageError(`name a probe type: scalegap probe ${PROBE_TYPES.join('|')}|all (or scalegap probe --list)`);
  if (text === 'all') return [...PROBE_TYPES];
  const type = PROBE_TYPES.find((t) => t === text);
  if (type === undefined) throw usageError(`unknown probe type "${text}"; expected one of ${PROBE_TYPES.join(', ')} or all (see scalegap probe --list)`);
  return [type];
}

function parseFormat(text: string): 'mc' | 'free' {
  if (text !== 'mc' && text !== 'free') throw usageError(`--format must be mc (multiple choice) or free (free-form answer), got "${text}"`);
  return text;
}

/** The text of `scalegap probe --list`. */
export function describeProbeTypes(): string {
  const lines = ['Built-in probe types (scalegap probe TYPE|all [--n N] [--seed S] [--difficulty 1..5|mix] [--format mc|free] [--out FILE|--out-dir DIR]):', ''];
  for (const type of PROBE_TYPES) {
    const generator = PROBE_GENERATORS[type];
    lines.push(`  ${type.padEnd(14)}${generator.description}`, `  ${''.padEnd(14)}difficulty: ${generator.difficultyNote}`);
  }
  lines.push('', 'Each item carries id, type, difficulty and seed; multiple choice has 4 choices with balanced answer positions.');
  return `${lines.join('\n')}\n`;
}

/** Validates the flags of `scalegap probe` into one suite's options per type (USAGE errors, exit 2). */
export function parseProbeFlags(typeText: string | undefined, flags: ProbeFlags): ProbeSuiteOptions[] {
  const types = parseTypes(typeText);
  const difficulty = parseDifficulty(flags.difficulty);
  const format = parseFormat(flags.format);
  const common = { n: parseCount(flags.n), seed: parseSeed(flags.seed), format, paraphrases: parseParaphrases(flags.paraphrases, format) };
  if (flags.out !== undefined && flags.outDir !== undefined) throw usageError('use --out FILE or --out-dir DIR, not both');
  if (types.length > 1 && flags.outDir === undefined) throw usageError('probe all writes one file per type: add --out-dir DIR');
  return types.map((type) => (difficulty === undefined ? { type, ...common } : { type, difficulty, ...common }));
}

function writeSuite(path: string, text: string): void {
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ScalegapError('RUNTIME', `cannot write ${path} (${reason}); check that its folder can be created and written`, { cause: error });
  }
}

function suiteText(options: ProbeSuiteOptions): string {
  return generateProbeSuite(options).map((item) => `${serializeTaskItem(item)}\n`).join('');
}

/** `scalegap probe TYPE ...` and `scalegap probe --list`: generate a built-in probe suite as a JSONL task file. */
export function registerProbeCommand(program: Command): void {
  program
    .command('probe')
    .description('Generate a built-in probe suite (pattern, knowledge, temporal, compositional) as a JSONL task file')
    .argument('[type]', `probe type: ${PROBE_TYPES.join(', ')}, or all (with --out-dir)`)
    .option('-n, --n <count>', 'number of items', '100')
    .option('--seed <seed>', 'seed; the same seed gives byte-identical output on any machine', '1')
    .option('--difficulty <level>', 'difficulty 1 (easy) to 5 (hard), or mix to cycle through 1..5', 'mix')
    .option('--format <format>', 'mc (4 choices) or free (free-form answer)', 'mc')
    .option('--out <file>', 'write to FILE (atomically) instead of standard output')
    .option('--out-dir <dir>', 'write DIR/<type>.jsonl for each type (with the type all: all four)')
    .option('--list', 'list the probe types and what their difficulty changes')
    .option('--paraphrases <k>', 'add k (0-3) paraphrases after each item, in one group (for brittleness)')
    .action((typeText: string | undefined, flags: ProbeFlags) => {
      if (flags.list === true) {
        if (typeText !== undefined) throw usageError('--list takes no probe type; run scalegap probe --list');
        process.stdout.write(describeProbeTypes());
        return;
      }
      const suites = parseProbeFlags(typeText, flags);
      const texts = suites.map(suiteText);
      suites.forEach((options, i) => {
        const path = flags.outDir !== undefined ? join(flags.outDir, `${options.type}.jsonl`) : flags.out;
        if (path === undefined) {
          process.stdout.write(texts[i] as string);
          return;
        }
        writeSuite(path, texts[i] as string);
        process.stderr.write(`scalegap: wrote ${options.n} ${options.type} items to ${path}\n`);
      });
    });
}
