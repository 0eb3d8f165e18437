/** Control characters (but newline and tab), C1 controls, line/paragraph separators and bidi overrides. */
// eslint-disable-next-line no-control-regex -- these are exactly what must not reach a terminal
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from users or servers (names, server messages) made harmless for a terminal: escape
 * sequences, carriage returns and the like are shown as `\u001b`-style escapes instead of acting.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
