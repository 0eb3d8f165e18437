import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));

describe('the built package (dist/, shipped by package.json "files")', () => {
  it('holds no test support: no test servers, emulators, conformance suite or tests', () => {
    expect(existsSync(DIST), 'run "npm run build" first').toBe(true);
    const files = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).map((path) => path.replaceAll('\\', '/'));
    expect(files).toContain('cli/main.js');
    expect(files.filter((path) => /(^|\/)(test-support|test-server)(\/|$)|\.test\.|(^|\/)conformance\./.test(path))).toEqual([]);
  });

  it('has an executable bin, so that npx scalegap runs it also when npm did not link it (the build sets the mode)', () => {
    expect(statSync(`${DIST}/cli/main.js`).mode & 0o111).toBe(0o111);
  });
});
