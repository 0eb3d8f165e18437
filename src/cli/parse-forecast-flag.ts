import type { ForecastTarget } from '../analysis/forecast/forecast-types.js';
import { usageError } from '../core/errors.js';
import { parseParams } from '../core/params.js';

/** The `--forecast` flag's help text (analyze, report). */
export const FORECAST_FLAG_HELP = 'forecast accuracy (and task loss) at these sizes with 90% prediction intervals and a back-test: PARAMS[@TOKENS], comma-separated, e.g. 70b,405b@15t';

/** `--forecast 70b,405b@15t`: comma-separated PARAMS[@TOKENS], each a count such as 70b, 1.4e9 or 15t. */
export function parseForecastFlag(text: string): ForecastTarget[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => part === '')) throw usageError('--forecast needs at least one size, e.g. --forecast 70b or --forecast 70b,405b@15t');
  return parts.map((part) => {
    const [paramsText, tokensText, extra] = part.split('@');
    const params = paramsText ? parseParams(paramsText) : null;
    const tokens = tokensText !== undefined ? parseParams(tokensText) : null;
    if (part === '' || extra !== undefined || params === null || (tokensText !== undefined && tokens === null)) {
      throw usageError(`--forecast: "${part}" is not a size; expected PARAMS[@TOKENS] such as 70b or 405b@15t (positive counts with k/m/b/t suffixes), comma-separated`);
    }
    return { params, tokens };
  });
}
