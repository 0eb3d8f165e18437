import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand, medianOf } from './measure-command.js';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const node = process.execPath;

/** A wide measurement table of `tasks` × 10 models, seeded. */
function writeBigTable(file: string, tasks: number): void {
  let state = 12345;
  const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sizes = [7e7, 1.6e8, 4.1e8, 1e9, 1.4e9, 2.8e9, 6.9e9, 1.2e10, 3e10, 7e10];
  const lines = ['task,model,params,accuracy,loss,confidence,n'];
  for (let t = 0; t < tasks; t++) {
    sizes.forEach((params, m) => {
      const accuracy = Math.min(0.99, Math.max(0.01, 0.3 + 0.04 * m + (random() - 0.5) * 0.1));
      lines.push(`task-${t},m${m},${params},${accuracy.toFixed(4)},${(3 - 0.1 * m).toFixed(3)},${Math.min(1, accuracy + 0.1).toFixed(4)},1000`);
    });
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** `scalegap analyze` on the embedded demo and on a 100,000-row table, against reference commands. */
export async function run(): Promise<void> {
  const startup = medianOf(5, () => measureCommand(node, ['-e', '0']));
  const demo = medianOf(5, () => measureCommand(node, [cli, 'analyze']));
  console.log(`demo (scalegap analyze, median of 5): ${fmt(demo.wallMs)} wall, ${demo.cpuMs?.toFixed(0) ?? '?'} ms CPU — node startup alone ${fmt(startup.wallMs)}; ratio ${(demo.wallMs / startup.wallMs).toFixed(1)}× (target: under 1 s)`);
  const folder = mkdtempSync(join(tmpdir(), 'scalegap-bench-'));
  const table = join(folder, 'big.csv');
  const tasks = Math.round(Number(process.env.BENCH_ROWS ?? 100_000) / 10);
  writeBigTable(table, tasks);
  const parseOnly = `import('csv-parse/sync').then(({ parse }) => { const rows = parse(require('fs').readFileSync(${JSON.stringify(table)}, 'utf8'), { info: true }); console.log(rows.length); })`;
  const reference = measureCommand(node, ['-e', parseOnly]);
  const big = measureCommand(node, [cli, 'analyze', table, '--json', join(folder, 'out.json')]);
  console.log(`${(tasks * 10).toLocaleString('en-US')}-row table (${tasks.toLocaleString('en-US')} tasks × 10 models), --json: ${fmt(big.wallMs)} wall, ${big.cpuMs?.toFixed(0) ?? '?'} ms CPU, peak ${big.maxRssMb?.toFixed(0) ?? '?'} MB (targets at 100,000 rows: under 1 s, under 500 MB); status ${big.status}`);
  console.log(`  reference: parsing the same CSV alone takes ${fmt(reference.wallMs)} (${reference.cpuMs?.toFixed(0) ?? '?'} ms CPU); ratio ${(big.wallMs / reference.wallMs).toFixed(1)}×`);
}
