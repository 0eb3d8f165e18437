import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ScalegapError, usageError } from '../core/errors.js';

/** Writes a file so that a reader never sees it half-written: a temporary file, then a rename. Throws fs errors as they are. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function checkTarget(path: string): void {
  let isFile = true;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return; // does not exist yet
  }
  if (!isFile) throw usageError(`cannot write ${path}: it is a folder or special file; name a file`);
}

/** What a file is written from: its text or bytes, or text in pieces (written one after the other, never joined in memory). */
export type FileContent = string | Uint8Array | Iterable<string>;

const WRITE_CHARS = 1 << 20;

/** Writes all of `text` (a write may take fewer bytes than it was given; a full disk then throws on the next). */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
}

function writeContent(path: string, content: FileContent): void {
  if (typeof content === 'string' || content instanceof Uint8Array) return writeFileSync(path, content);
  const fd = openSync(path, 'w');
  try {
    // pieces gathered to about 1 MB per write: a piece per task would be a system call per task
    let pending: string[] = [];
    let length = 0;
    for (const piece of content) {
      pending.push(piece);
      length += piece.length;
      if (length < WRITE_CHARS) continue;
      writeAll(fd, pending.join(''));
      pending = [];
      length = 0;
    }
    if (pending.length > 0) writeAll(fd, pending.join(''));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes several output files all or nothing: every target is checked (a folder or special file
 * is a usage error, exit 2), every content written to a temporary file beside it, and only then are
 * they renamed into place. A failed write leaves no output at all and is one error naming the file (exit 1).
 */
export function writeFilesAtomic(files: ReadonlyArray<readonly [string, FileContent]>): void {
  for (const [path] of files) checkTarget(path);
  const temporaries: Array<[string, string]> = [];
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.${temporaries.length}.tmp`;
      temporaries.push([temporary, path]);
      writeContent(temporary, content);
    }
  } catch (error) {
    for (const [temporary] of temporaries) rmSync(temporary, { force: true });
    const failed = temporaries[temporaries.length - 1]?.[1] ?? files[0]?.[0];
    throw new ScalegapError('RUNTIME', `cannot write ${failed} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was written`, { cause: error });
  }
  for (const [temporary, path] of temporaries) renameSync(temporary, path);
}
