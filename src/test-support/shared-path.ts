import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A path inside the team's shared/ folder, which sits beside the repository (as in CI) or at
 * /work/shared. Throws when neither exists, so a test that needs it fails instead of skipping.
 */
export function sharedPath(relative: string): string {
  const beside = fileURLToPath(new URL(`../../../shared/${relative}`, import.meta.url));
  if (existsSync(beside)) return beside;
  const fixed = `/work/shared/${relative}`;
  if (existsSync(fixed)) return fixed;
  throw new Error(`shared/${relative} not found beside the repository or at /work/shared`);
}
