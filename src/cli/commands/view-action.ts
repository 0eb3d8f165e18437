import { existsSync } from 'node:fs';
import { inputError, ScalegapError, usageError } from '../../core/errors.js';
import { openStore } from '../../store/open-store.js';
import { parseAnalysisFlags } from '../options.js';
import { isLoopbackHost } from '../view/is-loopback.js';
import { startReportServer, type RunningReportServer } from '../view/report-server.js';
import { storeCatalog } from '../view/store-catalog.js';
import { analyzeRunWithVariants } from '../../store/analyze-run-with-variants.js';

/** The flags of `scalegap view`. */
export interface ViewFlags {
  db: string;
  port: string;
  host?: string;
  delta: string;
  margin: string;
  bootstrap: string;
  seed: string;
}

/** A TCP port: an integer from 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port > 65535) throw usageError(`--port must be a whole number from 0 to 65535 (0: any free port), not "${text}"`);
  return port;
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `scalegap view` (loaded only when the command runs). */
export async function viewAction(flags: ViewFlags): Promise<void> {
  const options = parseAnalysisFlags(flags);
  const port = parsePort(flags.port);
  // Only an explicit --host leaves the loopback interface; nothing else (no environment variable) does.
  const host = flags.host ?? '127.0.0.1';
  if (host.trim() === '') throw usageError('--host needs an address, e.g. 127.0.0.1');
  if (!existsSync(flags.db)) throw inputError({ file: flags.db }, 'the store does not exist; run scalegap run first or pass --db FILE');
  const catalog = storeCatalog(openStore(flags.db, { readonly: true }), flags.db, (stored, repository) => analyzeRunWithVariants(repository, stored, options).result);
  let server: RunningReportServer;
  try {
    const [{ htmlReportWithCsp }, { loadHtmlAssets }] = await Promise.all([import('../../report/html/render-html-report.js'), import('../../report/html/html-assets.js')]);
    server = await startReportServer({
      catalog,
      host,
      port,
      source: flags.db,
      renderHtml: (id) => {
        const stored = catalog.analysis(id);
        return stored ? htmlReportWithCsp(stored.result, loadHtmlAssets(), stored.meta) : null;
      },
    });
  } catch (error) {
    catalog.close?.();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw usageError(`port ${port} on ${host} is in use; pass another --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw usageError(`cannot listen on ${host}: not an address of this machine`);
    if (code === 'EACCES') throw usageError(`not allowed to listen on port ${port}; pick one above 1023`);
    throw new ScalegapError('RUNTIME', `the viewer could not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!isLoopbackHost(host)) {
    process.stderr.write(`scalegap view: warning: listening on ${host}, not on loopback: anyone who can reach this address can read these reports\n`);
  }
  process.stdout.write(`scalegap view: serving ${catalog.list().length} stored run(s) from ${flags.db} at ${server.url} (Ctrl-C to stop)\n`);
  const signal = await untilStopped();
  await server.close();
  catalog.close?.();
  process.stdout.write(`scalegap view: stopped (${signal})\n`);
}
