import { Router } from 'express';
import { checkInInputSchema, checkInQuerySchema, idParamSchema } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { CheckInService } from '../services/checkin-service';
import { authorise, currentSession } from './session';

/** The room's check-in code and the check-in. Routes: shared/protocol/checkin.ts. */
export function checkInRoutes(checkIns: CheckInService): Router {
  const router = Router();

  router.get('/meetings/:id/checkin-code', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    res.setHeader('cache-control', 'private, no-store');
    res.json(await checkIns.code(id, session));
  });

  // No session needed: the code is shown in the room, and it says no more than the projector does.
  router.get('/meetings/:id/checkin', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const { token } = parseInput(checkInQuerySchema, req.query);
    res.json(await checkIns.meeting(id, token));
  });

  router.post('/meetings/:id/checkin', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const { token } = parseInput(checkInInputSchema, req.body);
    res.json(await checkIns.checkIn(id, token, currentSession(res)));
  });

  return router;
}
