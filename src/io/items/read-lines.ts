import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { inputError } from '../../core/errors.js';

/** The first bytes of a file as text (for sniffing its kind); checks it is a readable, non-binary file. */
export function readHead(file: string, bytes = 65536): string {
  let descriptor: number;
  try {
    if (!statSync(file).isFile()) throw inputError({ file }, 'expected a file, found a folder or special file');
    descriptor = openSync(file, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
      throw inputError({ file }, `cannot read the file (${error.code === 'ENOENT' ? 'no such file' : error.code})`, error);
    }
    throw error;
  }
  const buffer = Buffer.alloc(bytes);
  const length = readSync(descriptor, buffer, 0, bytes, 0);
  closeSync(descriptor);
  const head = buffer.subarray(0, length);
  if (head.includes(0)) throw inputError({ file }, 'this is a binary file; expected a JSONL or CSV text file');
  return head.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Streams a text file line by line (node:readline), calling `onLine` with each non-blank line and
 * its 1-based number; memory stays flat however long the file is.
 */
export async function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let used = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    onLine(line, lineNumber);
    used++;
  }
  if (used === 0) throw inputError({ file }, 'the file is empty; expected one JSON object per line');
  return used;
}

/** Parses one JSONL line into an object, or throws an input error naming the line. */
export function parseJsonLine(line: string, file: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw inputError({ file, line: lineNumber }, `not valid JSON (${error instanceof Error ? error.message : String(error)}); expected one JSON object per line`, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw inputError({ file, line: lineNumber }, 'expected a JSON object on this line');
  return value as Record<string, unknown>;
}
