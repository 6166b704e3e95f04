import { roleCan } from '../../shared/domain/roles/roles';
import type { CheckInCode, CheckInMeeting, CheckInResult, Meeting } from '../../shared/protocol';
import { PAGES } from '../../shared/protocol/api';
import { speakerOf, speakerText } from '../../shared/domain/speaking-queue/attendance';
import { deriveCheckInToken, verifyCheckInToken } from '../auth/crypto';
import { AppError } from '../errors';
import type { ActiveSession } from './auth-service';
import type { MeetingService } from './meeting-service';
import type { QueueService } from './queue-service';
import { qrDataUrl } from './qr-code';

function meetingOf(m: Meeting): CheckInMeeting {
  return { meetingId: m.id, title: m.title, date: m.date, startTime: m.startTime, endTime: m.endTime, timeZone: m.timeZone, place: m.place };
}

/**
 * The room's check-in: a code per meeting, derived from the link key and never stored, shown on
 * the projector and printed for the door. The code only proves its holder was in the room; the
 * person checked in is always the phone's own personal-link session.
 */
export class CheckInService {
  constructor(
    private readonly key: Buffer,
    private readonly publicUrl: string,
    private readonly meetings: MeetingService,
    private readonly queue: QueueService,
  ) {}

  url(meetingId: string): string {
    return `${this.publicUrl}${PAGES.checkIn(meetingId, deriveCheckInToken(this.key, meetingId))}`;
  }

  async code(meetingId: string, session: ActiveSession): Promise<CheckInCode> {
    if (!roleCan(session.actor.role, 'room.screen')) throw new AppError('forbidden', 'errors.checkinCodeForbidden');
    await this.meetings.get(meetingId);
    const url = this.url(meetingId);
    return { url, qr: await qrDataUrl(url, { errorCorrectionLevel: 'M', margin: 1, width: 512 }) };
  }

  /** What a valid code tells of its meeting; a wrong one is refused naming `token`, revealing nothing. */
  async meeting(meetingId: string, token: string): Promise<CheckInMeeting> {
    this.verify(meetingId, token);
    return meetingOf(await this.meetings.get(meetingId));
  }

  async checkIn(meetingId: string, token: string, session: ActiveSession | null): Promise<CheckInResult> {
    this.verify(meetingId, token);
    if (!session) throw new AppError('unauthenticated', 'errors.checkinNoSession');
    const { actor } = session;
    if (actor.role !== 'participant' || !actor.participantId) {
      throw new AppError('forbidden', 'errors.checkinNotParticipant');
    }
    if (actor.meetingId !== meetingId) throw new AppError('forbidden', 'errors.checkinOtherMeeting');
    const meeting = await this.meetings.get(meetingId);
    const participant = meeting.participants.find((p) => p.id === actor.participantId);
    if (!participant) throw new AppError('forbidden', 'errors.checkinLinkGone');
    const { outcome, entry } = await this.queue.checkIn(meetingId, participant.id);
    return {
      outcome,
      meeting: meetingOf(meeting),
      participant: {
        id: participant.id,
        opdShortName: participant.opdShortName,
        opdName: participant.opdName,
        name: speakerText(speakerOf(participant, entry)),
      },
      status: entry.status,
      arrivedAt: entry.arrivedAt,
    };
  }

  private verify(meetingId: string, token: string): void {
    if (!verifyCheckInToken(this.key, meetingId, token)) {
      throw new AppError('not_found', 'errors.checkinBadCode', {}, 'token');
    }
  }
}
