import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./ensure-test-deps.sh', import.meta.url));

/**
 * A fake machine: `id`, `apt-get` and `python3` on PATH are scripts in a temporary folder; chromium,
 * the system python's torch and the font are files there. The fake apt-get logs its arguments and
 * "installs" a package by creating its marker file, so nothing on the real machine changes.
 */
function fakeMachine(options: { uid: number; present: string[]; aptInstalls?: boolean; aptFails?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-deps-'));
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  const marker = (name: string): string => join(dir, `${name}.installed`);
  const script = (name: string, body: string): void => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('id', `echo ${options.uid}`);
  script('python3', 'exit 0'); // numpy and scipy importable
  const log = join(dir, 'apt.log');
  const installs = options.aptInstalls ?? true;
  script('apt-get', `echo "$*" >> ${log}\n${options.aptFails ? 'exit 100' : ''}\n${installs ? `for p in "$@"; do touch "${dir}/$p.installed"; chmod +x "${dir}/$p.installed"; done` : ''}`);
  script('system-python', `[ -f ${marker('python3-torch')} ]`);
  for (const name of options.present) writeFileSync(marker(name), '');
  if (existsSync(marker('chromium'))) chmodSync(marker('chromium'), 0o755);
  const run = (args: string[] = []) => {
    const result = spawnSync('sh', [SCRIPT, ...args], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:/usr/bin:/bin`, SCALEGAP_CHROMIUM: marker('chromium'), SCALEGAP_SYSTEM_PYTHON: join(bin, 'system-python'),
        SCALEGAP_FONT_FILE: marker('fonts-dejavu-core'),
      },
    });
    return { ...result, apt: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
  };
  return { run };
}

describe('scripts/ensure-test-deps.sh', () => {
  it('does nothing when everything is there', () => {
    const result = fakeMachine({ uid: 0, present: ['chromium', 'python3-torch', 'fonts-dejavu-core'] }).run();
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.apt).toEqual([]);
  });

  it('as root installs exactly the missing packages with apt-get', () => {
    const result = fakeMachine({ uid: 0, present: [] }).run();
    expect(result.apt).toEqual(['update -qq', 'install -y -qq --no-install-recommends chromium python3-torch libopenblas0-pthread fonts-dejavu-core']);
    expect(result.status).toBe(0);
  });

  it('fails when apt-get did not make the packages importable', () => {
    const result = fakeMachine({ uid: 0, present: ['chromium', 'fonts-dejavu-core'], aptInstalls: false }).run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('still missing after apt-get install: python3-torch libopenblas0-pthread');
  });

  it('prints the one command when apt-get fails (no network)', () => {
    const result = fakeMachine({ uid: 0, present: ['chromium', 'fonts-dejavu-core'], aptFails: true }).run();
    expect(result.status).toBe(1);
    expect(result.apt).toEqual(['update -qq']);
    expect(result.stderr).toBe('ensure-test-deps: installing python3-torch libopenblas0-pthread\n' +
      'ensure-test-deps: apt-get could not install: python3-torch libopenblas0-pthread (no network or no package source?)\n' +
      'install them with:  apt-get update && apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread\n');
  });

  it('without root prints the one command that installs them and changes nothing', () => {
    const result = fakeMachine({ uid: 1000, present: ['fonts-dejavu-core'] }).run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends chromium python3-torch libopenblas0-pthread'");
    expect(result.apt).toEqual([]);
  });

  it('--dry-run says what it would run as root and runs nothing', () => {
    const result = fakeMachine({ uid: 0, present: [] }).run(['--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('would run: apt-get update && apt-get install -y --no-install-recommends chromium python3-torch libopenblas0-pthread fonts-dejavu-core');
    expect(result.apt).toEqual([]);
  });
});
