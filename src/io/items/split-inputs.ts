import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { detectItemFile, type ItemFileKind } from './read-item-files.js';

/** Input paths split into item-level files (with their kind) and everything else (measurement tables). */
export interface SplitInputs {
  itemFiles: Array<{ file: string; kind: ItemFileKind }>;
  measurementPaths: string[];
}

function walk(folder: string, depth: number): string[] {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return depth < 3 ? walk(path, depth + 1) : [];
    return /\.(jsonl|csv)$/i.test(name) ? [path] : [];
  });
}

/**
 * Sorts the paths a user gave: item results JSONL, lm-eval samples and Inverse Scaling CSVs
 * (found by content, also inside folders up to three levels deep) go to the item analysis; other
 * files, and folders without item files, go to the measurement readers unchanged.
 */
export function splitInputs(paths: string[]): SplitInputs {
  const itemFiles: SplitInputs['itemFiles'] = [];
  const measurementPaths: string[] = [];
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
    const found = walk(path, 0).map((file) => ({ file, kind: detectItemFile(file) }));
    const items = found.filter((entry): entry is { file: string; kind: ItemFileKind } => entry.kind !== null);
    if (items.length === 0) {
      measurementPaths.push(path);
      continue;
    }
    itemFiles.push(...items);
    const topLevel = readdirSync(path).sort().map((name) => join(path, name)).filter((file) => /\.(csv|json)$/i.test(extname(file)) && statSync(file).isFile() && !items.some((item) => item.file === file));
    measurementPaths.push(...topLevel);
  }
  return { itemFiles, measurementPaths };
}
