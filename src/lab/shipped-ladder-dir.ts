import { fileURLToPath } from 'node:url';

/**
 * The folder of the ladder shipped with scalegap (`lab/ladder` at the package root), found from this module's
 * own location so that it works from `src/` (tsx, vitest) and from `dist/` alike.
 */
export function shippedLadderDir(): string {
  return fileURLToPath(new URL('../../lab/ladder/', import.meta.url));
}
