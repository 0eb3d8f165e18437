import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderJsonReport } from '../../report/json-report.js';
import { isLoopbackHost } from './is-loopback.js';
import type { ReportCatalog } from './report-catalog.js';
import { errorPage, indexPage, VIEW_PAGE_CSP } from './view-pages.js';

/** A running viewer. */
export interface RunningReportServer {
  url: string;
  /** Stops accepting connections, closes open ones and resolves when the server is down. */
  close(): Promise<void>;
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function send(response: ServerResponse, status: number, type: string, body: string, csp: string | null): void {
  response.writeHead(status, { ...BASE_HEADERS, 'content-type': `${type}; charset=utf-8`, ...(csp ? { 'content-security-policy': csp } : {}), 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * Serves the reports of a catalog over HTTP: `/` lists the runs, `/runs/ID` is a run's HTML
 * report (the same self-contained file `--html` writes, with its CSP also sent as a header) and
 * `/runs/ID/analysis.json` its JSON. Only GET and HEAD; on a loopback address, requests whose Host
 * header names another host are refused (DNS rebinding). `renderHtml` makes a run's report page.
 */
export function startReportServer(options: {
  catalog: ReportCatalog;
  host: string;
  port: number;
  source: string;
  renderHtml: (id: string) => { html: string; csp: string } | null;
}): Promise<RunningReportServer> {
  const pages = new Map<string, { html: string; csp: string }>();
  let allowedHosts: Set<string> = new Set();
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (allowedHosts.size > 0 && !allowedHosts.has((request.headers.host ?? '').toLowerCase())) {
      send(response, 421, 'text/plain', 'This viewer answers only to the address it was started on.\n', null);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      send(response, 405, 'text/plain', 'Only GET and HEAD.\n', null);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://viewer').pathname;
    if (path === '/') {
      send(response, 200, 'text/html', indexPage(options.catalog.list(), options.source), VIEW_PAGE_CSP);
      return;
    }
    const match = /^\/runs\/([^/]+)(\/analysis\.json)?$/.exec(path);
    const id = match ? decodeURIComponent(match[1]!) : null;
    if (id === null) {
      send(response, 404, 'text/html', errorPage(404, 'No such page.'), VIEW_PAGE_CSP);
      return;
    }
    if (match![2]) {
      const stored = options.catalog.analysis(id);
      if (!stored) send(response, 404, 'text/html', errorPage(404, `No stored run "${id}".`), VIEW_PAGE_CSP);
      else send(response, 200, 'application/json', renderJsonReport(stored.result), null);
      return;
    }
    let rendered = pages.get(id) ?? null;
    if (!rendered) {
      rendered = options.renderHtml(id);
      if (rendered) pages.set(id, rendered);
    }
    if (!rendered) send(response, 404, 'text/html', errorPage(404, `No stored run "${id}".`), VIEW_PAGE_CSP);
    else send(response, 200, 'text/html', rendered.html, rendered.csp);
  };
  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      send(response, 500, 'text/html', errorPage(500, error instanceof Error ? error.message : String(error)), VIEW_PAGE_CSP);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
      // On loopback, answer only to loopback names (a page elsewhere cannot rebind its DNS name to
      // this port and read the reports); a bind the user opened to the network answers to any name.
      if (isLoopbackHost(options.host)) {
        allowedHosts = new Set([`${shown}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`].map((host) => host.toLowerCase()));
      }
      resolve({
        url: `http://${shown}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
