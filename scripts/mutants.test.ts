import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run mutants', () => {
  // A mutant whose text no longer occurs (the code moved) would stop `npm run mutants` at that mutant.
  it('can apply every mutant: each one\'s text occurs in its file as often as it expects', () => {
    const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/mutants.ts', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(19); // one line per mutant
  });
});
