#!/usr/bin/env node
import { createProgram } from './program.js';
import { handleCliError } from './handle-error.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = handleCliError(error);
}
