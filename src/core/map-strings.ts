/**
 * The value (plain objects and arrays, to any depth) with `map` applied to every string; other values
 * are kept. Objects and arrays are copied only on the way to a string that `map` changes, so a value
 * with nothing to change comes back as itself (treat the result as read-only, like the input).
 */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const entry: unknown = value[i];
      const mapped = mapStrings(entry, map);
      if (!Object.is(mapped, entry)) (copy ??= value.slice())[i] = mapped;
    }
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | null = null;
    for (const key of Object.keys(value)) {
      const entry = (value as Record<string, unknown>)[key];
      const mapped = mapStrings(entry, map);
      if (!Object.is(mapped, entry)) (copy ??= { ...(value as Record<string, unknown>) })[key] = mapped;
    }
    return (copy ?? value) as T;
  }
  return value;
}
