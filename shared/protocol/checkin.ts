import { z } from '../zod-setup';
import type { MeetingWhenWhere } from './invitation';
import type { AttendanceStatus } from './queue';

/**
 * The room's check-in (daftar hadir di ruang). The projector shows, and the host prints for the
 * door, a QR code of a check-in address tied to the meeting; a participant's phone that already
 * holds its personal-link session opens it and is marked present in the room at that moment.
 *
 * GET  /api/meetings/:id/checkin-code          -> CheckInCode      (admin, chair, projector)
 * GET  /api/meetings/:id/checkin?token=...     -> CheckInMeeting   (no session needed: the token authorises;
 *                                                                   404 not_found field `token` when wrong)
 * POST /api/meetings/:id/checkin  CheckInInput -> CheckInResult    (the participant's own session of that meeting:
 *                                                                   401 without one, 403 another role or meeting,
 *                                                                   409 once the meeting has ended)
 */

/** A check-in token: base64url of an HMAC-SHA256 (43 characters); anything else cannot match. */
export const checkInTokenSchema = z
  .string()
  .min(1, 'field.required')
  .max(128, 'field.tooLong')
  .regex(/^[A-Za-z0-9_-]+$/, 'field.notCheckinCode');

export const checkInInputSchema = z.object({ token: checkInTokenSchema });
export type CheckInInput = z.infer<typeof checkInInputSchema>;

export const checkInQuerySchema = z.object({ token: checkInTokenSchema });

/** The check-in address and its QR code (a PNG data URL), for the projector and the door. */
export interface CheckInCode {
  url: string;
  qr: string;
}

/** What a valid code says of its meeting, to anyone in the room. */
export type CheckInMeeting = MeetingWhenWhere;

/** checked_in: in the room from now; already_in_room: it was; kept: the chair or host marked it otherwise, and that stands. */
export type CheckInOutcomeCode = 'checked_in' | 'already_in_room' | 'kept';

export interface CheckInResult {
  outcome: CheckInOutcomeCode;
  meeting: CheckInMeeting;
  participant: { id: string; opdShortName: string; opdName: string; name: string };
  status: AttendanceStatus;
  /** Arrival, ms since the epoch in server time; null when the kept mark has none. */
  arrivedAt: number | null;
}
