import { Router } from 'express';
import { z } from 'zod';
import { calendarQuerySchema, holidayInputSchema, idParamSchema, previewQuerySchema, seriesInputSchema } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { ClashService } from '../services/clash-service';
import type { SeriesService } from '../services/series-service';
import { authorise } from './session';

const holidayParamSchema = z.object({ date: holidayInputSchema.shape.date });

/** Series, holidays, occurrence cancellation and the calendar: the routes of shared/protocol/schedule.ts, admin only. */
export function scheduleRoutes(series: SeriesService, clashes: ClashService): Router {
  const router = Router();

  router.get('/series', async (_req, res) => {
    authorise(res, 'meeting.list');
    res.json({ items: await series.list() });
  });

  router.post('/series/preview', async (req, res) => {
    authorise(res, 'meeting.manage');
    const input = parseInput(seriesInputSchema, req.body);
    const { seriesId } = parseInput(previewQuerySchema, req.query);
    res.json({ items: await clashes.forOccurrences(input, await series.preview(input), seriesId) });
  });

  router.post('/series', async (req, res) => {
    authorise(res, 'meeting.manage');
    res.status(201).json(await series.create(parseInput(seriesInputSchema, req.body)));
  });

  router.get('/series/:id', async (req, res) => {
    authorise(res, 'meeting.list');
    res.json(await series.get(parseInput(idParamSchema, req.params).id));
  });

  router.put('/series/:id', async (req, res) => {
    authorise(res, 'meeting.manage');
    const { id } = parseInput(idParamSchema, req.params);
    res.json(await series.update(id, parseInput(seriesInputSchema, req.body)));
  });

  router.post('/series/:id/archive', async (req, res) => {
    authorise(res, 'meeting.manage');
    res.json(await series.archive(parseInput(idParamSchema, req.params).id));
  });

  router.get('/holidays', async (_req, res) => {
    authorise(res, 'meeting.list');
    res.json({ items: await series.listHolidays() });
  });

  router.post('/holidays', async (req, res) => {
    authorise(res, 'meeting.manage');
    res.status(201).json(await series.addHoliday(parseInput(holidayInputSchema, req.body)));
  });

  router.delete('/holidays/:date', async (req, res) => {
    authorise(res, 'meeting.manage');
    await series.removeHoliday(parseInput(holidayParamSchema, req.params).date);
    res.json({ ok: true });
  });

  router.post('/meetings/:id/cancel', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.manage', id);
    res.json(await series.cancelOccurrence(id));
  });

  router.get('/calendar', async (req, res) => {
    authorise(res, 'meeting.list');
    const filter = parseInput(calendarQuerySchema, req.query);
    res.json({ items: await clashes.forCalendar(await series.calendar(filter), filter.from, filter.to) });
  });

  return router;
}
