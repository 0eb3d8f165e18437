import { readFileSync, statSync } from 'node:fs';
import { decodeUtf8 } from '../core/decode-utf8.js';
import { inputError } from '../core/errors.js';

/**
 * Reads a user's text file strictly: it must exist, be a file, not be binary, be valid UTF-8 and
 * not be empty. A leading byte-order mark is removed.
 */
export function readTextFile(file: string): string {
  let bytes: Buffer | null;
  try {
    bytes = statSync(file).isFile() ? readFileSync(file) : null;
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
      const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : error.code;
      throw inputError({ file }, `cannot read the file (${reason})`, error);
    }
    throw error;
  }
  if (bytes === null) throw inputError({ file }, 'expected a file, found a folder or special file (FIFO, device)');
  if (bytes.subarray(0, 8192).includes(0)) throw inputError({ file }, 'this is a binary file; expected a CSV, JSON or JSONL text file');
  const text = decodeUtf8(bytes);
  if (text === null) throw inputError({ file }, 'the file is not valid UTF-8 text; expected a CSV, JSON or JSONL text file');
  if (text.trim() === '') throw inputError({ file }, 'the file is empty; expected a header line and at least one row');
  return text;
}
