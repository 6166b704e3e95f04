import { Router } from 'express';
import { idParamSchema } from '../../shared/protocol';
import type { Clock } from '../clock';
import { parseInput } from '../errors';
import type { MeetingService } from '../services/meeting-service';
import { attendanceCsv, statisticsCsv } from '../services/queue-reports';
import type { QueueService } from '../services/queue-service';
import { authorise } from './session';

export function queueRoutes(meetings: MeetingService, queue: QueueService, clock: Clock): Router {
  const router = Router();

  router.get('/meetings/:id/queue', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.read', id);
    await meetings.get(id);
    res.json(await queue.state(id));
  });

  router.get('/meetings/:id/statistics.csv', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.reports', id);
    const meeting = await meetings.get(id);
    const body = statisticsCsv(meeting, await queue.state(id), clock.now().getTime());
    res.type('text/csv; charset=utf-8').attachment(`statistik-${meeting.date}.csv`).send(body);
  });

  // The same reporters as statistics.csv; pdfkit and its fonts load on the first report, as for the notulen.
  router.get('/meetings/:id/time-report.pdf', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.reports', id);
    const meeting = await meetings.get(id);
    const state = await queue.state(id);
    const { renderTimeReportPdf } = await import('../reports/time-report-pdf');
    const body = await renderTimeReportPdf(meeting, state, clock.now().getTime());
    res.type('application/pdf').attachment(`laporan-waktu-${meeting.date}.pdf`).send(body);
  });

  router.get('/meetings/:id/attendance.csv', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.reports', id);
    const meeting = await meetings.get(id);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`daftar-hadir-${meeting.date}.csv`)
      .send(attendanceCsv(meeting, await queue.state(id)));
  });

  return router;
}
