import { mapStrings } from '../../core/map-strings.js';

/** Line breaks and control characters: vega's expression parser rejects them inside the string literals vega-lite builds from names. */
// eslint-disable-next-line no-control-regex -- exactly the characters to remove
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A value with every string in it (task, family and model names...) made safe for a chart spec: line breaks and control characters become spaces. */
export function chartSafeNames<T>(value: T): T {
  return mapStrings(value, (text) => text.replace(UNSAFE, ' '));
}
