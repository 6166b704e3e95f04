import { Router, type Response } from 'express';
import { z } from 'zod';
import { idParamSchema } from '../../shared/protocol';
import { AppError, parseInput } from '../errors';
import type { CalendarService } from '../services/calendar-service';
import type { MeetingService } from '../services/meeting-service';
import { authorise } from './session';

const inviteQuerySchema = z.object({ participant: z.string().min(1).max(64).optional() });
const upcomingQuerySchema = z.object({ participant: z.string().min(1).max(64).optional() });
const feedParamSchema = z.object({ opdId: z.string().min(1).max(64) });
const seriesFeedParamSchema = z.object({ seriesId: z.string().min(1).max(64) });
const feedQuerySchema = z.object({ token: z.string().max(200).default('') });

function sendCalendar(res: Response, ics: string, filename: string | null): void {
  res.type('text/calendar; charset=utf-8');
  res.setHeader('cache-control', 'private, no-store');
  if (filename) res.attachment(filename);
  res.send(ics);
}

/** Invitations (.ics), OPD calendar feeds, and an OPD's upcoming meetings. Routes: shared/protocol/meeting-plan.ts. */
export function calendarRoutes(meetings: MeetingService, calendar: CalendarService): Router {
  const router = Router();

  router.get('/meetings/:id/invite.ics', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    const query = parseInput(inviteQuerySchema, req.query);
    // A participant's own session gets its own invitation; only the admin may ask for another's.
    const own = session.actor.role === 'participant' ? session.actor.participantId : null;
    const participantId = query.participant ?? own;
    if (participantId && participantId !== own && session.actor.role !== 'admin') {
      throw new AppError('forbidden', 'errors.invitationForbidden');
    }
    const meeting = await meetings.get(id);
    sendCalendar(res, await calendar.meetingIcs(meeting, participantId ?? null), `rakor-${meeting.date}.ics`);
  });

  router.get('/meetings/:id/upcoming', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    const query = parseInput(upcomingQuerySchema, req.query);
    // The OPD's page: a participant session sees its own OPD's meetings; the admin may preview anyone's.
    if (session.actor.role !== 'admin' && session.actor.role !== 'participant') {
      throw new AppError('forbidden', 'errors.upcomingForbidden');
    }
    const participantId = session.actor.role === 'admin' ? query.participant : (session.actor.participantId ?? undefined);
    if (!participantId) throw new AppError('bad_request', 'field.required', {}, 'participant');
    res.json({ items: await calendar.upcoming(await meetings.get(id), participantId) });
  });

  router.get('/feeds/opd', async (_req, res) => {
    authorise(res, 'directory.manage');
    res.json({ items: await calendar.feeds() });
  });

  // No session: a calendar app holds only the address, whose token is the authorisation.
  router.get('/feeds/opd/:opdId/calendar.ics', async (req, res) => {
    const { opdId } = parseInput(feedParamSchema, req.params);
    const { token } = parseInput(feedQuerySchema, req.query);
    sendCalendar(res, await calendar.opdFeed(opdId, token), null);
  });

  router.get('/series/:id/feed', (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.manage');
    res.json({ url: calendar.seriesFeedUrl(id) });
  });

  router.get('/feeds/series/:seriesId/calendar.ics', async (req, res) => {
    const { seriesId } = parseInput(seriesFeedParamSchema, req.params);
    const { token } = parseInput(feedQuerySchema, req.query);
    sendCalendar(res, await calendar.seriesFeed(seriesId, token), null);
  });

  return router;
}
