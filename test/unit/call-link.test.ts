import { describe, expect, it } from 'vitest';
import { callLinkLabel, callLinkProvider, isCallLink } from '../../shared/domain/meeting/call-link';
import { callLinkSchema } from '../../shared/protocol/meeting';

describe('V16 the external call link', () => {
  const rows: [given: string, provider: ReturnType<typeof callLinkProvider>, label: string][] = [
    ['https://zoom.us/j/81234567890', 'zoom', 'Zoom'],
    ['https://us02web.zoom.us/j/81234567890?pwd=abc', 'zoom', 'Zoom'],
    ['https://ZOOM.US/j/1', 'zoom', 'Zoom'],
    ['https://meet.google.com/abc-defg-hij', 'meet', 'Google Meet'],
    ['https://meet.jit.si/RakorKutim', 'jitsi', 'Jitsi Meet'],
    ['https://jitsi.kutaitimurkab.go.id/rakor', 'jitsi', 'Jitsi Meet'],
    ['https://teams.microsoft.com/l/meetup-join/19%3ameeting', 'teams', 'Microsoft Teams'],
    ['https://kutim.webex.com/meet/rakor', 'webex', 'Webex'],
    // Look-alikes are not the service: only the host itself or its subdomains count.
    ['https://zoom.us.example.com/j/1', null, 'zoom.us.example.com'],
    ['https://notzoom.us/j/1', null, 'notzoom.us'],
    ['https://google.com/meet/abc', null, 'google.com'],
    ['https://vicon.kutaitimurkab.go.id/rapat/123', null, 'vicon.kutaitimurkab.go.id'],
  ];
  it.each(rows)('%s is %s, shown as %s', (url, provider, label) => {
    expect(isCallLink(url)).toBe(true);
    expect(callLinkProvider(url)).toBe(provider);
    expect(callLinkLabel(url)).toBe(label);
  });

  it.each(['http://zoom.us/j/1', 'zoom.us/j/1', 'javascript:alert(1)', 'https://', 'ftp://meet.jit.si/x', 'data:text/html,hi', ''])(
    '%j is no call link, and the schema refuses it unless empty',
    (url) => {
      expect(isCallLink(url)).toBe(false);
      expect(callLinkProvider(url)).toBeNull();
      const parsed = callLinkSchema.safeParse(url);
      if (url === '') expect(parsed).toEqual({ success: true, data: '' });
      else expect(parsed.success ? null : parsed.error.issues.map((i) => i.message)).toEqual(['field.callLinkHttps']);
    },
  );

  it('trims, defaults to none, and bounds the length', () => {
    expect(callLinkSchema.parse('  https://meet.jit.si/x  ')).toBe('https://meet.jit.si/x');
    expect(callLinkSchema.parse(undefined)).toBe('');
    expect(callLinkSchema.safeParse(`https://zoom.us/j/${'1'.repeat(500)}`).success).toBe(false);
    expect(callLinkSchema.safeParse(`https://zoom.us/j/${'1'.repeat(400)}`).success).toBe(true);
  });
});
