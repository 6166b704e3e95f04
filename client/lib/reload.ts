const RELOADED_AT = 'rakor.reloadedForVersion';
/** A second mismatch this soon after a reload means the reload did not bring the server's client (a stale cache). */
const LOOP_GUARD_MS = 60_000;
/** Without session storage: at most one reload per page load. */
let reloading = false;

/**
 * The server speaks another PROTOCOL_VERSION than this page (a tab left open over an upgrade):
 * loads the server's client. Returns false, without reloading, when it just did so and the page
 * is still outdated, so a page never reloads in a loop; the caller then tells the person.
 */
export function reloadForNewVersion(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < LOOP_GUARD_MS) return false;
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    // No storage (private mode): the flag above is the guard.
    if (reloading) return false;
  }
  reloading = true;
  location.reload();
  return true;
}
