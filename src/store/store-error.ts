import { ScalegapError } from '../core/errors.js';

/** SQLite's result codes that mean the disk (or its quota) is full. */
const FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHORT_READ']);

/** Whether an error comes from SQLite (better-sqlite3 sets `code` to `SQLITE_...`). */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * A store failure as one line naming the store and the fix: a full disk asks for space and
 * `--resume`; anything else names SQLite's code. Other errors pass through unchanged.
 */
export function storeError(file: string, error: unknown): unknown {
  if (error instanceof ScalegapError || !isSqliteError(error)) return error;
  if (FULL_CODES.has(error.code) || /disk is full|disk I\/O error/i.test(error.message)) {
    return new ScalegapError('STORE_FAILED', `cannot write to the store ${file}: the disk is full (${error.code}); ` +
      'free space on that disk, then continue the run with --resume (every stored result is kept)', { cause: error });
  }
  if (error.code === 'SQLITE_NOTADB' || error.code === 'SQLITE_CORRUPT') {
    return new ScalegapError('INPUT_INVALID', `${file} is not a scalegap store (not an SQLite database); point store: or --db at a store file`, { cause: error });
  }
  return new ScalegapError('STORE_FAILED', `the store ${file} failed (${error.code}: ${error.message})`, { cause: error });
}
