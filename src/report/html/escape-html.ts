/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Serialises a value as JSON that is safe inside a `<script>` element: `<`, `>`, `&` and the
 * JavaScript line separators are written as \u escapes, so no `</script>` or `<!--` can appear
 * and the text parses back to the same value.
 */
export function jsonForScript(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Makes a library's source safe to inline in a `<script>` element: any `</script` or `<!--`
 * (none occurs in the bundled builds; checked by a test) has its `<` written as `\x3C`, which
 * means the same inside the string and regular-expression literals where such text can occur.
 */
export function scriptSafe(source: string): string {
  if (!/<\/script|<!--/i.test(source)) return source;
  return source.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

/** A JSON replacer that keeps 6 significant digits of non-integer numbers (smaller chart data). */
export function roundForJson(_key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}
