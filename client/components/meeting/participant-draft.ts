import type { AttendanceMode, Opd, Participant, ParticipantInput } from '../../../shared/protocol';
import { formatWhatsapp } from '../../../shared/domain/reminders/whatsapp-number';

/** A participant row while the meeting form is being edited. */
export interface ParticipantDraft {
  /** Stable key for the list: the saved id, or a fresh one for a new row. */
  key: string;
  id?: string;
  opdId: string;
  opdShortName: string;
  opdName: string;
  representativeName: string;
  representativeTitle: string;
  /** As typed; the server stores it normalised. '' falls back to the OPD's number. */
  representativeWhatsapp: string;
  /** The OPD's number in the directory (digits, '' for none): what an empty representative's number falls back to. */
  opdWhatsapp: string;
  attendance: AttendanceMode;
  session: number;
  allotmentMinutes: number | null;
}

let counter = 0;

export function draftFromOpd(opd: Opd): ParticipantDraft {
  counter += 1;
  return {
    key: `new-${counter}`,
    opdId: opd.id,
    opdShortName: opd.shortName,
    opdName: opd.name,
    representativeName: opd.headName,
    representativeTitle: opd.headTitle,
    representativeWhatsapp: '',
    opdWhatsapp: opd.whatsapp,
    attendance: 'room',
    session: 1,
    allotmentMinutes: null,
  };
}

export function draftFromParticipant(p: Participant): ParticipantDraft {
  return {
    key: p.id,
    id: p.id,
    opdId: p.opdId,
    opdShortName: p.opdShortName,
    opdName: p.opdName,
    representativeName: p.representativeName,
    representativeTitle: p.representativeTitle,
    representativeWhatsapp: p.representativeWhatsapp ? formatWhatsapp(p.representativeWhatsapp) : '',
    opdWhatsapp: p.opdWhatsapp,
    attendance: p.attendance,
    session: p.session,
    allotmentMinutes: p.allotmentMinutes,
  };
}

export function toInput(d: ParticipantDraft): ParticipantInput {
  return {
    id: d.id,
    opdId: d.opdId,
    representativeName: d.representativeName,
    representativeTitle: d.representativeTitle,
    representativeWhatsapp: d.representativeWhatsapp,
    attendance: d.attendance,
    session: d.session,
    allotmentMinutes: d.allotmentMinutes,
  };
}
