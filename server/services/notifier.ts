import type { Meeting } from '../../shared/protocol';

/** What services tell the real-time edge; the socket layer implements it. */
export interface MeetingNotifier {
  meetingUpdated(meeting: Meeting): void;
  /** Sessions opened through these links are over: their sockets are told and closed. */
  linksRevoked(linkIds: readonly string[]): void;
}

export const nullNotifier: MeetingNotifier = {
  meetingUpdated() {},
  linksRevoked() {},
};

/** Tells every listener: the sockets, the minutes... each edge hears the same news. */
export function fanOut(...targets: MeetingNotifier[]): MeetingNotifier {
  return {
    meetingUpdated: (meeting) => targets.forEach((t) => t.meetingUpdated(meeting)),
    linksRevoked: (ids) => targets.forEach((t) => t.linksRevoked(ids)),
  };
}
