import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ItemLadderCollector, type ItemLadder, type MismatchPolicy } from '../../analysis/items/item-ladder.js';
import { inputError } from '../../core/errors.js';
import { isInverseScalingHeader, readInverseScaling } from './read-inverse-scaling.js';
import { readItemResults } from './read-item-results.js';
import { readLmEvalSamples, samplesTaskName } from './read-lm-eval-samples.js';
import { readHead } from './read-lines.js';

export type ItemFileKind = 'item results (JSONL)' | 'lm-evaluation-harness samples' | 'Inverse Scaling Prize CSV';

/**
 * Which kind of item-level file this is, from its name and first line; null for anything else
 * (a measurement table). A `.jsonl` file of an unknown shape is an input error.
 */
export function detectItemFile(file: string): ItemFileKind | null {
  const extension = extname(file).toLowerCase();
  if (extension !== '.jsonl' && extension !== '.csv') return null;
  const head = readHead(file);
  const firstLine = head.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  if (extension === '.csv') {
    const columns = firstLine.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
    return isInverseScalingHeader(columns) ? 'Inverse Scaling Prize CSV' : null;
  }
  let first: unknown;
  try {
    first = JSON.parse(firstLine);
  } catch {
    first = null;
  }
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const keys = first as Record<string, unknown>;
    if ('doc_id' in keys && ('resps' in keys || 'filtered_resps' in keys)) return 'lm-evaluation-harness samples';
    if ('item' in keys && 'correct' in keys) return 'item results (JSONL)';
  }
  if (samplesTaskName(file) !== null) return 'lm-evaluation-harness samples';
  throw inputError({ file, line: 1 }, 'unknown JSONL shape: expected item results (task, model, params, item, correct, confidence) or lm-evaluation-harness samples (doc_id, target, resps)');
}

/** Item files inside a folder, recursively: samples_*.jsonl, *.jsonl item results and Inverse Scaling CSVs. */
export function itemFilesIn(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...itemFilesIn(path));
    else if (/\.jsonl$/i.test(name)) found.push(path);
  }
  return found;
}

export interface ItemFileSummary {
  file: string;
  kind: ItemFileKind;
  rows: number;
  note?: string;
}

export interface ReadItemOptions {
  accuracyMetric: 'acc' | 'acc_norm';
  paramsByModel?: Map<string, number>;
  mismatch: MismatchPolicy;
}

/** Streams item-level files of any supported kind into ladders (one per task and family). */
export async function readItemFiles(files: Array<{ file: string; kind: ItemFileKind }>, options: ReadItemOptions): Promise<{ ladders: ItemLadder[]; inputs: ItemFileSummary[] }> {
  const collector = new ItemLadderCollector();
  const inputs: ItemFileSummary[] = [];
  for (const { file, kind } of files) {
    const before = collector.rows;
    let note: string | undefined;
    if (kind === 'item results (JSONL)') await readItemResults(file, collector);
    else if (kind === 'lm-evaluation-harness samples') {
      const read = await readLmEvalSamples(file, collector, options);
      note = `task ${read.task}, model ${read.model}`;
    } else {
      const read = await readInverseScaling(file, collector, options);
      note = `task ${read.task}, model ${read.model}${read.twoOptions ? '' : '; more than two options, so no confidence'}`;
    }
    inputs.push({ file, kind, rows: collector.rows - before, note });
  }
  return { ladders: collector.build(options.mismatch), inputs };
}
