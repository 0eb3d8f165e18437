/** `scheme://user:pass@` (or `scheme://user@`) at the start of a URL anywhere in a text. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;

/**
 * A text with the userinfo of every URL in it removed (`http://user:pass@host/v1` → `http://host/v1`),
 * for anything stored or printed: configs, base URLs, error messages.
 */
export function stripUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1');
}
