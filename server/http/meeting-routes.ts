import { Router } from 'express';
import { z } from 'zod';
import { clashCheckSchema, idParamSchema, meetingCopySchema, meetingInputSchema, reorderSchema, type Meeting } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { ClashService } from '../services/clash-service';
import type { LinkService } from '../services/link-service';
import type { MeetingService } from '../services/meeting-service';
import { authorise } from './session';

const linkParamSchema = idParamSchema.extend({ linkId: z.string().min(1).max(64) });

const withoutWhatsapp = (m: Meeting): Meeting => ({ ...m, participants: m.participants.map((p) => ({ ...p, representativeWhatsapp: '', opdWhatsapp: '' })) });

export function meetingRoutes(meetings: MeetingService, links: LinkService, clashes: ClashService): Router {
  const router = Router();

  router.get('/meetings', async (_req, res) => {
    authorise(res, 'meeting.list');
    res.json({ items: await meetings.list() });
  });

  router.post('/meetings', async (req, res) => {
    authorise(res, 'meeting.manage');
    res.status(201).json(await meetings.create(parseInput(meetingInputSchema, req.body)));
  });

  // The meeting form's draft against the stored meetings: a warning, never a refusal (CW5).
  router.post('/meetings/clashes', async (req, res) => {
    authorise(res, 'meeting.manage');
    res.json({ items: await clashes.forDraft(parseInput(clashCheckSchema, req.body)) });
  });

  router.get('/meetings/:id', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    const meeting = await meetings.get(id);
    // Phone numbers are the secretariat's, for its reminders: a participant's screen reads the meeting without them.
    res.json(session.actor.role === 'admin' ? meeting : withoutWhatsapp(meeting));
  });

  router.put('/meetings/:id', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.manage', id);
    res.json(await meetings.update(id, parseInput(meetingInputSchema, req.body)));
  });

  router.post('/meetings/:id/copy', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.manage', id);
    res.status(201).json(await meetings.copy(id, parseInput(meetingCopySchema, req.body ?? {})));
  });

  router.put('/meetings/:id/order', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.manage', id);
    res.json(await meetings.reorder(id, parseInput(reorderSchema, req.body)));
  });

  router.get('/meetings/:id/links', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.links', id);
    await meetings.get(id);
    res.json({ items: await links.list(id) });
  });

  router.get('/meetings/:id/links.csv', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.links', id);
    await meetings.get(id);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`rakor-links-${id}.csv`)
      .send(await links.csv(id));
  });

  router.post('/meetings/:id/links/:linkId/revoke', async (req, res) => {
    const { id, linkId } = parseInput(linkParamSchema, req.params);
    authorise(res, 'meeting.links', id);
    res.json(await links.revoke(id, linkId));
  });

  router.post('/meetings/:id/links/:linkId/reissue', async (req, res) => {
    const { id, linkId } = parseInput(linkParamSchema, req.params);
    authorise(res, 'meeting.links', id);
    res.json(await links.reissue(id, linkId));
  });

  return router;
}
