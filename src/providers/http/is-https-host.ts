/** Whether `url` is an https URL on exactly `host` (the hosts a vendor's default key may be sent to). */
export function isHttpsHost(url: string, host: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname.toLowerCase() === host;
  } catch {
    return false;
  }
}
