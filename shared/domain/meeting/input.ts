import type { Meeting, MeetingInput, Participant, ParticipantInput } from '../../protocol/meeting';

/** The header of a meeting: what its form edits above the participant list. */
export type MeetingHeader = Omit<MeetingInput, 'participants' | 'sessions' | 'agenda'>;

/** The header fields of a meeting (or of an input), and nothing else: no id, no timestamps. */
export function meetingHeaderOf(m: MeetingHeader): MeetingHeader {
  return {
    title: m.title,
    kind: m.kind,
    date: m.date,
    startTime: m.startTime,
    endTime: m.endTime,
    timeZone: m.timeZone,
    place: m.place,
    mode: m.mode,
    chairName: m.chairName,
    chairTitle: m.chairTitle,
    notulis: m.notulis,
    defaultAllotmentMinutes: m.defaultAllotmentMinutes,
    floorMode: m.floorMode,
    externalCallUrl: m.externalCallUrl,
  };
}

/** A participant as the form sends it back: its id keeps its personal link. */
export function participantInputOf(p: Participant): ParticipantInput {
  return {
    id: p.id,
    opdId: p.opdId,
    representativeName: p.representativeName,
    representativeTitle: p.representativeTitle,
    representativeWhatsapp: p.representativeWhatsapp,
    attendance: p.attendance,
    session: p.session,
    allotmentMinutes: p.allotmentMinutes,
  };
}

/** What saving a meeting unchanged would send: the input that reproduces `m`. */
export function meetingInputOf(m: Meeting): MeetingInput {
  return { ...meetingHeaderOf(m), sessions: m.sessions, agenda: m.agenda, participants: m.participants.map(participantInputOf) };
}
