import express, { Router, type Request, type Response } from 'express';
import { idParamSchema } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { MeetingService } from '../services/meeting-service';
import type { VideoService } from '../video/video-service';
import { authorise } from './session';

/** Video status and tokens, under /api with the session like every other meeting route. */
export function videoRoutes(meetings: MeetingService, video: VideoService): Router {
  const router = Router();

  router.get('/meetings/:id/video', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    res.json(await video.status(await meetings.get(id), session));
  });

  router.post('/meetings/:id/video/token', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    res.json(await video.token(await meetings.get(id), session));
  });

  router.post('/meetings/:id/video/room-token', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    res.json(await video.roomToken(await meetings.get(id), session));
  });

  return router;
}

/**
 * LiveKit -> Rakor. Mounted before the JSON parser and the session: the signature covers the
 * exact bytes, and LiveKit has no cookie (its JWT in Authorization is the credential).
 */
export function livekitWebhookRoute(video: VideoService): Router {
  const router = Router();
  router.post('/livekit/webhook', express.raw({ type: '*/*', limit: '256kb' }), async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const status = await video.webhook(body, req.headers.authorization);
    res.json({ status });
  });
  return router;
}
