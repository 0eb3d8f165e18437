import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
// A fresh context sees `gc` once the flag is set, without starting Node with --expose-gc.
const collect = runInNewContext('gc') as () => void;

/** Heap in use and resident set size (MB) right after a full garbage collection. */
export function heapAfterGc(): { heapMb: number; rssMb: number } {
  collect();
  const memory = process.memoryUsage();
  return { heapMb: memory.heapUsed / 2 ** 20, rssMb: memory.rss / 2 ** 20 };
}
