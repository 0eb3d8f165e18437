/** A URL split into what is sent as the address and what only as authorisation. */
export interface UrlCredentials {
  /** The URL without `user:password@`. */
  url: string;
  /** `Basic base64(user:password)` when the URL had credentials. */
  authorization: string | undefined;
  /** The password and `user:password`, for redaction. */
  secrets: string[];
}

/** Takes `user:password@` out of a URL: it travels only as a Basic authorization header. */
export function splitUrlCredentials(text: string): UrlCredentials {
  // credentials stand before an `@`: without one there are none (and no URL to parse, once per request)
  if (!text.includes('@')) return { url: text, authorization: undefined, secrets: [] };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { url: text, authorization: undefined, secrets: [] };
  }
  if (url.username === '' && url.password === '') return { url: text, authorization: undefined, secrets: [] };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const pair = `${user}:${password}`;
  return { url: url.toString(), authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`, secrets: password === '' ? [pair] : [password, pair] };
}
