/** Whether a base URL points at OpenAI's own API (api.openai.com), the one host `OPENAI_API_KEY` is sent to by default. */
export function isOpenAiHost(baseURL: string): boolean {
  try {
    const url = new URL(baseURL);
    return url.protocol === 'https:' && url.hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return false;
  }
}
