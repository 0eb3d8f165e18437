import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from './write-file-atomic.js';

describe('writeFilesAtomic', () => {
  it('writes text given in pieces byte for byte, across its 1 MB writes and multi-byte characters', () => {
    const folder = mkdtempSync(join(tmpdir(), 'scalegap-write-'));
    const pieces = Array.from({ length: 3000 }, (_, i) => `${i}: ${'é→'.repeat(200)}\n`);
    writeFilesAtomic([[join(folder, 'out.json'), pieces.values()], [join(folder, 'small.txt'), 'x']]);
    expect(readFileSync(join(folder, 'out.json'), 'utf8')).toBe(pieces.join(''));
    expect(readFileSync(join(folder, 'small.txt'), 'utf8')).toBe('x');
    expect(readdirSync(folder).sort()).toEqual(['out.json', 'small.txt']);
  });

  it('writes nothing when the pieces fail part of the way, not even the files before them', () => {
    const folder = mkdtempSync(join(tmpdir(), 'scalegap-write-'));
    function* failing(): Generator<string> {
      yield 'x'.repeat(3 << 20); // past the first write
      throw new Error('ENOSPC: no space left on device');
    }
    expect(() => writeFilesAtomic([[join(folder, 'first.md'), 'ok'], [join(folder, 'out.json'), failing()]]))
      .toThrow(`cannot write ${join(folder, 'out.json')} (ENOSPC: no space left on device); nothing was written`);
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(join(folder, 'first.md'))).toBe(false);
  });
});
