/** Starts the HTTP test server in its own process (so that its CPU is not the harness's) and prints its base URL. */
import { startTestServer } from '../../src/providers/test-server/start-test-server.js';

const latencyMs = Number(process.argv[2] ?? '50');
const server = await startTestServer({ latencyMs });
process.stdout.write(`${server.baseURL}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
