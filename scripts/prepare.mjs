/**
 * npm's "prepare": builds dist/ after `npm ci` or `npm install`. The first `npx scalegap` in a
 * checkout runs "prepare" once more, because npx installs the project into its own cache
 * (npm_command is then "exec"); that second full build (about 14 s here) is skipped when dist/ is
 * already built. Any other command builds as usual.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.env.npm_command === 'exec' && existsSync(join(root, 'dist/cli/main.js'))) process.exit(0);
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(build.status ?? 1);
