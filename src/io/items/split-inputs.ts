import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { detectItemFile, type ItemFileKind } from './read-item-files.js';
import { readHead } from './read-lines.js';

/** Input paths split into item-level files (with their kind) and everything else (measurement tables). */
export interface SplitInputs {
  itemFiles: Array<{ file: string; kind: ItemFileKind }>;
  measurementPaths: string[];
  /** lm-eval samples files found in folders that are not multiple choice (perplexity, generation). */
  skipped: string[];
}

/** True when the first line of an lm-eval samples file lists two or more option log-likelihoods. */
export function isMultipleChoiceSamples(file: string): boolean {
  const firstLine = readHead(file).split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  try {
    const sample = JSON.parse(firstLine) as Record<string, unknown>;
    const responses = Array.isArray(sample.filtered_resps) ? sample.filtered_resps : sample.resps;
    if (!Array.isArray(responses) || responses.length < 2) return false;
    let entry: unknown = responses[0];
    if (!Array.isArray(sample.filtered_resps) && Array.isArray(entry) && Array.isArray(entry[0])) entry = entry[0];
    return Array.isArray(entry) && Number.isFinite(Number(entry[0]));
  } catch {
    return false;
  }
}

function walk(folder: string, depth: number): string[] {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return depth < 3 ? walk(path, depth + 1) : [];
    return /\.(jsonl|csv)$/i.test(name) || (depth > 0 && /^results.*\.json$/i.test(name)) ? [path] : [];
  });
}

/**
 * Sorts the paths a user gave: item results JSONL, lm-eval samples and Inverse Scaling CSVs
 * (found by content, also inside folders up to three levels deep) go to the item analysis; other
 * files, folders without item files, and lm-eval `results*.json` files next to samples go to the
 * measurement readers. Samples files found in folders that are not multiple choice (perplexity or
 * generation tasks) are skipped and listed; named explicitly, they are an input error.
 */
export function splitInputs(paths: string[]): SplitInputs {
  const itemFiles: SplitInputs['itemFiles'] = [];
  const measurementPaths: string[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      measurementPaths.push(path);
      continue;
    }
    if (!isFolder) {
      const kind = detectItemFile(path);
      if (kind) itemFiles.push({ file: path, kind });
      else measurementPaths.push(path);
      continue;
    }
    const walked = walk(path, 0);
    const nestedResults = walked.filter((file) => extname(file).toLowerCase() === '.json');
    const found = walked.filter((file) => extname(file).toLowerCase() !== '.json').map((file) => ({ file, kind: detectItemFile(file) }));
    const items = found.filter((entry): entry is { file: string; kind: ItemFileKind } => entry.kind !== null);
    if (items.length === 0) {
      measurementPaths.push(path);
      continue;
    }
    for (const item of items) {
      if (item.kind === 'lm-evaluation-harness samples' && !isMultipleChoiceSamples(item.file)) skipped.push(item.file);
      else itemFiles.push(item);
    }
    const topLevel = readdirSync(path).sort().map((name) => join(path, name)).filter((file) => /\.(csv|json)$/i.test(extname(file)) && statSync(file).isFile() && !items.some((item) => item.file === file));
    measurementPaths.push(...topLevel, ...nestedResults.filter((file) => !topLevel.includes(file)));
  }
  return { itemFiles, measurementPaths, skipped };
}
