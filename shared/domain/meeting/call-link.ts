/**
 * A meeting's external call link (Zoom, Google Meet, Jitsi, or any https address): where remote
 * participants follow when this server has no video of its own, and the way out when its video
 * does not connect. The address is kept as the secretariat typed it; these helpers only read it.
 */

/** Longest address accepted: a Zoom link with its passcode is about 100 characters, a Teams one about 300. */
export const CALL_LINK_MAX_CHARS = 500;

/** Services a participant recognises by name, and the hosts they are reached at. */
export const CALL_PROVIDERS = {
  zoom: 'Zoom',
  meet: 'Google Meet',
  jitsi: 'Jitsi Meet',
  teams: 'Microsoft Teams',
  webex: 'Webex',
} as const;
export type CallProvider = keyof typeof CALL_PROVIDERS;

const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The host of an https address, lower case; null for anything else (http, a bare word, javascript:). */
function httpsHost(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Whether `url` is an address a browser opens over https (the only kind a meeting may carry). */
export function isCallLink(url: string): boolean {
  return httpsHost(url) !== null;
}

/**
 * The service behind a link, by its host: zoom.us (and us02web.zoom.us...), meet.google.com,
 * meet.jit.si, 8x8.vc and a self-hosted "jitsi." host, teams.microsoft.com, webex.com. Null when
 * unknown: the link is then shown by its host alone.
 */
export function callLinkProvider(url: string): CallProvider | null {
  const host = httpsHost(url);
  if (!host) return null;
  if (within(host, 'zoom.us') || within(host, 'zoomgov.com')) return 'zoom';
  if (host === 'meet.google.com') return 'meet';
  if (host === 'meet.jit.si' || within(host, '8x8.vc') || host.startsWith('jitsi.')) return 'jitsi';
  if (within(host, 'teams.microsoft.com') || within(host, 'teams.live.com')) return 'teams';
  if (within(host, 'webex.com')) return 'webex';
  return null;
}

/** What a link is called on screen and in invitations: "Zoom", or its host ("vicon.kutaitimurkab.go.id"). */
export function callLinkLabel(url: string): string {
  const provider = callLinkProvider(url);
  return provider ? CALL_PROVIDERS[provider] : (httpsHost(url) ?? url);
}
