/** A copy of a value (plain objects and arrays, to any depth) with `map` applied to every string; other values are kept. */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((entry: unknown) => mapStrings(entry, map)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, mapStrings(entry, map)])) as T;
  }
  return value;
}
