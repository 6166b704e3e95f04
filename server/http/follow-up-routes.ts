import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { idParamSchema } from '../../shared/protocol';
import {
  followUpExportQuerySchema,
  followUpParamsSchema,
  followUpPatchSchema,
  followUpQuerySchema,
  MAX_ATTACHMENT_BYTES,
  progressNoteInputSchema,
  reviewInputSchema,
} from '../../shared/protocol/follow-ups';
import { z } from '../../shared/zod-setup';
import { originAllowed } from '../auth/origin';
import { AppError, parseInput } from '../errors';
import type { AuthService } from '../services/auth-service';
import type { FollowUpExport } from '../services/follow-up-export';
import { attachmentTooLarge, type FollowUpService, type Principal, type Upload } from '../services/follow-up-service';
import type { MeetingService } from '../services/meeting-service';
import { authorise, sessionMiddleware } from './session';

/**
 * The tracker's routes. An item is reached three ways, each with the same tail
 * (`/:meetingId/:followUpId`, `.../notes`, `.../notes/:noteId/file`):
 *
 *   /api/follow-ups                               the secretariat (admin)
 *   /api/meetings/:id/my-follow-ups               a participant's personal-link session: its OPD's items
 *   /api/opd-page/:token/follow-ups               the OPD's standing page (the token is the authorisation)
 *
 * The secretariat's list also downloads, with the same filters, as /api/follow-ups.xlsx and
 * /api/follow-ups.csv (services/follow-up-export.ts).
 */
const ITEM = '/:meetingId/:followUpId';
const pageParamsSchema = z.object({ token: z.string().min(1).max(200) });
const noteFileParamsSchema = followUpParamsSchema.extend({ noteId: z.string().min(1).max(64) });

type Resolve = (req: Request, res: Response) => Promise<Principal>;

/** How each base path finds who is asking (and refuses who may not). */
function resolvers(followUps: FollowUpService, meetings: MeetingService): Record<'staff' | 'participant' | 'page', Resolve> {
  return {
    staff: (_req, res) => {
      const session = authorise(res, 'followUps.manage');
      return Promise.resolve({ kind: 'staff', name: session.name });
    },
    participant: async (req, res) => {
      const { id } = parseInput(idParamSchema, req.params);
      const session = authorise(res, 'meeting.read', id);
      if (session.actor.role !== 'participant') throw new AppError('forbidden', 'errors.roleForbidden');
      return (await followUps.participantPrincipal(await meetings.get(id), session.actor.participantId)).principal;
    },
    page: async (req) => {
      const { token } = parseInput(pageParamsSchema, req.params);
      return (await followUps.pagePrincipal(token)).principal;
    },
  };
}

const BASES = { staff: '/follow-ups', participant: '/meetings/:id/my-follow-ups', page: '/opd-page/:token/follow-ups' } as const;

/** A note's form as multer reads it: the fields, and at most one file kept in memory within the limit. */
const readForm = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 8, fieldSize: 16 * 1024, parts: 10 },
}).single('file');

function formError(err: unknown): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return attachmentTooLarge(MAX_ATTACHMENT_BYTES + 1);
    if (err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE') return new AppError('bad_request', 'followUps.fileTooMany', {}, 'file');
  }
  return new AppError('bad_request', 'followUps.formInvalid');
}

/**
 * The body of a progress note: JSON, or a multipart form with its file. Mounted before the JSON
 * parser and its JSON-only guard, so this route guards itself: a form can be posted across sites
 * without a preflight, so a browser's Origin must be Rakor's (auth/origin.ts), and a body whose
 * declared length is over the limit is refused before it is read.
 */
function noteBody(publicUrl: string) {
  const json = express.json({ limit: '64kb' });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!originAllowed(req.headers.origin, req.headers.host, publicUrl)) return next(new AppError('forbidden', 'followUps.originForbidden'));
    if (req.is('application/json')) return json(req, res, next);
    if (!req.is('multipart/form-data')) return next(new AppError('unsupported_type', 'errors.notJson'));
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_ATTACHMENT_BYTES + 64 * 1024) return next(attachmentTooLarge(declared));
    readForm(req, res, (err: unknown) => next(err ? formError(err) : undefined));
  };
}

function uploadOf(req: Request): Upload | null {
  const file = req.file;
  return file ? { name: Buffer.from(file.originalname, 'latin1').toString('utf8'), bytes: new Uint8Array(file.buffer) } : null;
}

/** Form fields are strings: an empty status select means "keep". */
function noteFields(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const fields = { ...(body as Record<string, unknown>) };
  if (fields.status === '') delete fields.status;
  return fields;
}

/** The note routes, before the JSON parser (app.ts); sessions are resolved here for the same reason. */
export function followUpNoteRoutes(followUps: FollowUpService, meetings: MeetingService, auth: AuthService, publicUrl: string): Router {
  const router = Router();
  const who = resolvers(followUps, meetings);
  for (const [kind, base] of Object.entries(BASES) as [keyof typeof BASES, string][]) {
    router.post(`${base}${ITEM}/notes`, sessionMiddleware(auth), async (req, res, next) => {
      try {
        // Who is asking is settled before a byte of the body is read.
        const principal = await who[kind](req, res);
        noteBody(publicUrl)(req, res, (err?: unknown) => {
          if (err) return next(err);
          // A callback of the body parser: whatever it throws must reach the error handler, not the process.
          try {
            const { meetingId, followUpId } = parseInput(followUpParamsSchema, req.params);
            const input = parseInput(progressNoteInputSchema, noteFields(req.body));
            followUps.addNote(meetingId, followUpId, principal, input, uploadOf(req)).then((detail) => res.status(201).json(detail), next);
          } catch (thrown) {
            next(thrown);
          }
        });
      } catch (err) {
        next(err);
      }
    });
  }
  return router;
}

function sendFile(res: Response, file: { name: string; mime: string; bytes: Uint8Array }): void {
  res.type(file.mime).set('cache-control', 'private, no-store').set('x-content-type-options', 'nosniff').attachment(file.name).send(Buffer.from(file.bytes));
}

/** Everything else of the tracker, after the JSON parser. */
export function followUpRoutes(followUps: FollowUpService, meetings: MeetingService): Router {
  const router = Router();
  const who = resolvers(followUps, meetings);

  router.get('/follow-ups', async (req, res) => {
    authorise(res, 'followUps.manage');
    res.json({ items: await followUps.list(parseInput(followUpQuerySchema, req.query)) });
  });

  for (const [kind, base] of Object.entries(BASES) as [keyof typeof BASES, string][]) {
    router.get(`${base}${ITEM}`, async (req, res) => {
      const principal = await who[kind](req, res);
      const { meetingId, followUpId } = parseInput(followUpParamsSchema, req.params);
      res.json(await followUps.detail(meetingId, followUpId, principal));
    });
    router.get(`${base}${ITEM}/notes/:noteId/file`, async (req, res) => {
      const principal = await who[kind](req, res);
      const { meetingId, followUpId, noteId } = parseInput(noteFileParamsSchema, req.params);
      sendFile(res, await followUps.noteFile(meetingId, followUpId, noteId, principal));
    });
  }

  router.patch(`/follow-ups${ITEM}`, async (req, res) => {
    const principal = await who.staff(req, res);
    const { meetingId, followUpId } = parseInput(followUpParamsSchema, req.params);
    res.json(await followUps.patch(meetingId, followUpId, principal, parseInput(followUpPatchSchema, req.body)));
  });

  // A participant's own OPD's items, from every meeting.
  router.get('/meetings/:id/my-follow-ups', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    if (session.actor.role !== 'participant') throw new AppError('forbidden', 'errors.roleForbidden');
    const { opd } = await followUps.participantPrincipal(await meetings.get(id), session.actor.participantId);
    res.json({ opd: { id: opd.id, name: opd.name, shortName: opd.shortName }, items: await followUps.forOpd(opd.id) });
  });

  // The standing OPD page: no session, the token opens the OPD's items only.
  router.get('/opd-page/:token', async (req, res) => {
    const { token } = parseInput(pageParamsSchema, req.params);
    const { opd } = await followUps.pagePrincipal(token);
    res.set('cache-control', 'no-store').json({ opd: { id: opd.id, name: opd.name, shortName: opd.shortName }, items: await followUps.forOpd(opd.id) });
  });

  // The earlier meetings' items this meeting brings back (console, projector, notulis), and the chair's decision on one.
  router.get('/meetings/:id/previous-follow-ups', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'followUps.previous', id);
    res.json({ items: await followUps.previous(await meetings.get(id)) });
  });

  router.post('/meetings/:id/previous-follow-ups/review', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'followUps.review', id);
    const input = parseInput(reviewInputSchema, req.body);
    res.json({ items: await followUps.review(await meetings.get(id), input, { kind: 'staff', name: session.name }) });
  });

  // The OPD's standing page link: created (replacing the old), revoked, or looked at.
  router.get('/opds/:id/page-link', async (req, res) => {
    authorise(res, 'followUps.manage');
    res.json(await followUps.pageLinkStatus(parseInput(idParamSchema, req.params).id));
  });
  router.post('/opds/:id/page-link', async (req, res) => {
    const session = authorise(res, 'followUps.manage');
    res.status(201).json(await followUps.createPageLink(parseInput(idParamSchema, req.params).id, { kind: 'staff', name: session.name }));
  });
  router.delete('/opds/:id/page-link', async (req, res) => {
    authorise(res, 'followUps.manage');
    res.json(await followUps.revokePageLink(parseInput(idParamSchema, req.params).id));
  });

  return router;
}

/** The secretariat's list, filtered as GET /follow-ups is, as a workbook (items and the per-OPD recap) or as CSV. */
export function followUpExportRoutes(exports: FollowUpExport): Router {
  const router = Router();
  router.get('/follow-ups.xlsx', async (req, res) => {
    authorise(res, 'followUps.manage');
    const { view: _view, ...query } = parseInput(followUpExportQuerySchema, req.query);
    const { body, fileName } = await exports.xlsx(query);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').set('cache-control', 'private, no-store').attachment(fileName).send(body);
  });
  router.get('/follow-ups.csv', async (req, res) => {
    authorise(res, 'followUps.manage');
    const { view, ...query } = parseInput(followUpExportQuerySchema, req.query);
    const { body, fileName } = await exports.csv(query, view);
    res.type('text/csv; charset=utf-8').set('cache-control', 'private, no-store').attachment(fileName).send(body);
  });
  return router;
}
