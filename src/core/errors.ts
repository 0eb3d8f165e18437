/** Machine-readable error codes; the CLI maps each to an exit code. */
export type ErrorCode =
  | 'INPUT_INVALID' // a file or value a user gave is wrong (exit 2)
  | 'USAGE' // a bad flag or argument (exit 2)
  | 'CONFIG_INVALID' // scalegap.yaml is wrong (exit 2)
  | 'PROVIDER_FAILED' // a model endpoint failed for good (exit 1)
  | 'STORE_FAILED' // the results store could not be read or written (exit 1)
  | 'RUNTIME'; // anything else that went wrong at run time (exit 1)

/** Where in a user's input a problem sits. */
export interface InputLocation {
  file?: string;
  /** 1-based line number (CSV, JSONL, YAML). */
  line?: number;
  /** JSON path such as `$[3].params` or `models[1].id`. */
  path?: string;
  field?: string;
}

/**
 * The one error type of the project: data (code, message naming the fix, location, cause) until
 * the CLI prints it.
 */
export class ScalegapError extends Error {
  readonly code: ErrorCode;
  readonly location: InputLocation | undefined;

  constructor(code: ErrorCode, message: string, options: { location?: InputLocation; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ScalegapError';
    this.code = code;
    this.location = options.location;
  }
}

/** Formats a location as `file:line (field)` or `file $.path (field)`. */
export function formatLocation(location: InputLocation | undefined): string {
  if (!location) return '';
  const place = [location.file, location.line !== undefined ? `line ${location.line}` : undefined, location.path]
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
  const field = location.field !== undefined ? `field "${location.field}"` : '';
  return [place, field].filter((part) => part !== '').join(', ');
}

/** An input error: names the file, line/path and field, and says what was expected. */
export function inputError(location: InputLocation, message: string, cause?: unknown): ScalegapError {
  return new ScalegapError('INPUT_INVALID', message, { location, cause });
}

export function usageError(message: string): ScalegapError {
  return new ScalegapError('USAGE', message);
}

/** Exit code for an error: 2 for bad input or usage, 1 for everything else. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ScalegapError) {
    return error.code === 'INPUT_INVALID' || error.code === 'USAGE' || error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
  return 1;
}
