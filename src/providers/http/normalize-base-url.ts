/**
 * A base URL without trailing slashes; an origin with no path at all (`http://localhost:8000`) gets
 * the `/v1` that OpenAI-compatible and Anthropic endpoints live under, a common slip in configs.
 * Any explicit path (`/v1`, `/openai/v1`, a proxy prefix) is kept as given.
 */
export function normalizeBaseUrl(baseURL: string): string {
  const trimmed = baseURL.replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed;
  }
  return parsed.pathname === '/' && parsed.search === '' ? `${trimmed}/v1` : trimmed;
}
