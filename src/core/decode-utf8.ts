/**
 * Decodes a user's file as strict UTF-8 with a leading byte-order mark removed; null when the bytes
 * are not valid UTF-8. Every reader of text input uses it, so that all treat a BOM and bad bytes alike.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
