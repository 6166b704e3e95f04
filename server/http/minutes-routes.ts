import { Router } from 'express';
import { z } from 'zod';
import type { MinutesExport } from '../../shared/minutes/export-model';
import { idParamSchema } from '../../shared/protocol';
import { parseInput } from '../errors';
import { renderMarkdown } from '../minutes/export-md';
import type { MeetingService } from '../services/meeting-service';
import type { MinutesService } from '../services/minutes-service';
import type { OpdService } from '../services/opd-service';
import { authorise } from './session';

const exportParams = idParamSchema.extend({ format: z.enum(['docx', 'pdf', 'md'], { error: 'format must be docx, pdf or md' }) });

const CONTENT_TYPE = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
} as const;

/** "notulen-2022-06-13-coffee-morning-asisten-i" */
function fileName(date: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .slice(0, 60);
  return `notulen-${date}${slug ? `-${slug}` : ''}`;
}

export function minutesRoutes(meetings: MeetingService, minutes: MinutesService, opds: OpdService): Router {
  const router = Router();

  router.get('/meetings/:id/minutes/status', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    await meetings.get(id);
    res.json(await minutes.status(id, session));
  });

  router.post('/meetings/:id/minutes/finalize', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    await meetings.get(id);
    res.json(await minutes.finalize(id, session));
  });

  router.post('/meetings/:id/minutes/reopen', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.manage', id);
    await meetings.get(id);
    res.json(await minutes.reopen(id, session));
  });

  router.get('/meetings/:id/follow-ups', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.read', id);
    await meetings.get(id);
    res.json({ items: await minutes.followUps(id) });
  });

  // The follow-up picker of a notulis: the directory's active units, whoever may read the meeting.
  router.get('/meetings/:id/directory', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.read', id);
    await meetings.get(id);
    res.json({ items: await opds.list({ includeArchived: false }) });
  });

  router.get(/^\/meetings\/([^/]+)\/minutes\.(docx|pdf|md)$/, async (req, res) => {
    const params = req.params as unknown as Record<string, string>;
    const { id, format } = parseInput(exportParams, { id: params[0], format: params[1] });
    authorise(res, 'meeting.read', id);
    const meeting = await meetings.get(id);
    const model = await minutes.exportModel(meeting);
    const body = format === 'docx' ? await renderDocx(model) : format === 'pdf' ? await renderPdf(model) : renderMarkdown(model);
    res
      .type(CONTENT_TYPE[format])
      .attachment(`${fileName(meeting.date, meeting.title)}.${format}`)
      .send(body);
  });

  return router;
}

// docx and pdfkit (with its fonts) are loaded on the first export, not at boot: an idle node
// holds about 17 MB less. The built server keeps each in its own chunk (scripts/build.mjs).
async function renderDocx(model: MinutesExport): Promise<Buffer> {
  return (await import('../minutes/export-docx')).renderDocx(model);
}

async function renderPdf(model: MinutesExport): Promise<Buffer> {
  return (await import('../minutes/export-pdf')).renderPdf(model);
}
