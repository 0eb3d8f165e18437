import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Runs every `bench/*.bench.ts` (or those named on the command line) in turn. */
const folder = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((part) => name.includes(part)))
  .sort();
for (const name of files) {
  console.log(`\n== ${name} ==`);
  const module = (await import(new URL(name, import.meta.url).href)) as { run: () => Promise<void> };
  await module.run();
}
