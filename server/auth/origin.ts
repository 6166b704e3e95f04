/**
 * The one rule for the Origin of a socket's handshake (Socket.IO and the minutes socket alike).
 * Cookies are SameSite=Strict, but "same site" ignores the port: a page served from another port
 * of the same host would carry the admin's cookie. So a browser's handshake must come from the
 * address people open (PUBLIC_URL), or from the very host it talks to (the same origin, whatever
 * name or address was typed, and the Vite dev proxy). No Origin at all is not a browser page:
 * such a client holds the cookie itself and gains nothing by leaving the header out.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame, a file:// page) or garbage
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && parsed.host === host.toLowerCase();
}
