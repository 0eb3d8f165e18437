import { inputError } from '../core/errors.js';

/** Parses JSON text; a syntax error names the line where it sits. */
export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const line = position !== undefined ? text.slice(0, Number(position)).split('\n').length : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw inputError({ file, line }, `malformed JSON (${reason}); expected a JSON array of records or an lm-evaluation-harness results object`, error);
  }
}
