import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('npm prepare (scripts/prepare.mjs)', () => {
  it('does not build again when npx installs the already built checkout into its cache', () => {
    const before = statSync('dist/cli/main.js').mtimeMs;
    const run = spawnSync(process.execPath, ['scripts/prepare.mjs'], { encoding: 'utf8', env: { ...process.env, npm_command: 'exec' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(''); // npm run build would have printed its header
    expect(statSync('dist/cli/main.js').mtimeMs).toBe(before);
  });
});
