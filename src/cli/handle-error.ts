import { CommanderError } from 'commander';
import { exitCodeFor, formatLocation, ScalegapError } from '../core/errors.js';
import { redactSecrets } from '../core/redact-secrets.js';
import { stripUrlCredentials } from '../core/strip-url-credentials.js';
import { terminalSafe } from '../core/terminal-safe.js';

/** What reaches the terminal: no URL credentials, no API key of the environment in any form, no escape sequences. */
function safe(text: string): string {
  return `${terminalSafe(redactSecrets(stripUrlCredentials(text.replace(/\n$/, '')), [process.env.OPENAI_API_KEY, process.env.ANTHROPIC_API_KEY]))}\n`;
}

/** Prints an error as one line (no stack trace for expected errors) and returns the exit code. */
export function handleCliError(error: unknown, write: (line: string) => void = (line) => process.stderr.write(line)): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ScalegapError) {
    const where = formatLocation(error.location);
    write(safe(`scalegap: ${where ? `${where}: ` : ''}${error.message}\n`));
    return exitCodeFor(error);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(safe(`scalegap: unexpected error (please report it): ${message}\n`));
  return 1;
}
