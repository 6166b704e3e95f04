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

const exportFormat = z.enum(['docx', 'pdf', 'md'], { error: 'format must be docx, pdf or md' });
const exportParams = idParamSchema.extend({ format: exportFormat });
const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
const versionParams = idParamSchema.extend({ version: versionNumber });
const versionExportParams = versionParams.extend({ format: exportFormat });

/** A finalised version's document: `/meetings/:id/minutes/versions/:version.(docx|pdf|md)`. */
export const VERSION_EXPORT_ROUTE = /^\/meetings\/([^/]+)\/minutes\/versions\/(\d+)\.(docx|pdf|md)$/;

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
    // Names for the picker; the directory's WhatsApp numbers are the secretariat's, not every session's.
    res.json({ items: (await opds.list({ includeArchived: false })).map((o) => ({ ...o, whatsapp: '' })) });
  });

  // The finalised versions: who finalised each and when, each one's document, and what changed from the one before.
  router.get('/meetings/:id/minutes/versions', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.read', id);
    await meetings.get(id);
    res.json({ items: await minutes.versions(id) });
  });

  router.get('/meetings/:id/minutes/versions/:version/diff', async (req, res) => {
    const { id, version } = parseInput(versionParams, req.params);
    authorise(res, 'meeting.read', id);
    res.json(await minutes.versionDiff(await meetings.get(id), version));
  });

  router.get(VERSION_EXPORT_ROUTE, async (req, res) => {
    const params = req.params as unknown as Record<string, string>;
    const { id, version, format } = parseInput(versionExportParams, { id: params[0], version: params[1], format: params[2] });
    authorise(res, 'meeting.read', id);
    const meeting = await meetings.get(id);
    const model = await minutes.versionModel(meeting, version);
    const body = format === 'docx' ? await renderDocx(model) : format === 'pdf' ? await renderPdf(model) : renderMarkdown(model);
    res
      .type(CONTENT_TYPE[format])
      .attachment(`${fileName(meeting.date, meeting.title)}-versi-${version}.${format}`)
      .send(body);
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
