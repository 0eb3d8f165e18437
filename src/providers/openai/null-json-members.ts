const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** The index just after the JSON value starting at `start` (no validation beyond brackets and strings); -1 when it does not end. */
function endOfValue(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // a string: to its closing quote, past escapes
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === 0x5c) i++;
        else if (inner === 0x22) break;
      }
      if (i >= text.length) return -1;
      if (depth === 0) return i + 1;
    } else if (code === 0x5b || code === 0x7b) depth++;
    else if (code === 0x5d || code === 0x7d) {
      if (depth === 0) return i; // a scalar ended by its container
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (code === 0x2c || isSpace(code))) return i;
  }
  return depth === 0 ? text.length : -1;
}

/**
 * JSON text with the value of every member named `key` replaced by `null`, without parsing the
 * rest: for answers whose bulk is a member the caller ignores (an echo's `top_logprobs`, one object
 * with its own keys per token, costs JSON.parse twice what the rest does). Text that does not look
 * like JSON where the key is found comes back unchanged, for JSON.parse to report.
 */
export function nullJsonMembers(text: string, key: string): string {
  const needle = `"${key}"`;
  let result = '';
  let copied = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    if (at > 0 && text.charCodeAt(at - 1) === 0x5c) continue; // an escaped quote: inside a string
    let i = at + needle.length;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3a) continue; // not a member name (a string in an array, say)
    for (i++; i < text.length && isSpace(text.charCodeAt(i)); i++);
    const end = endOfValue(text, i);
    if (end < 0 || end === i) return text;
    result += `${text.slice(copied, i)}null`;
    copied = end;
    at = end - needle.length;
  }
  return copied === 0 ? text : result + text.slice(copied);
}
