#!/usr/bin/env node
import { createProgram } from './program.js';
import { handleCliError } from './handle-error.js';

// A reader that stops early (`scalegap analyze | head`) ends the command quietly with the status
// a Unix tool killed by SIGPIPE has (128 + 13), not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(141);
});

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = handleCliError(error);
}
