import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { letterheadInputSchema, LOGO_MAX_BYTES } from '../../shared/protocol/letterhead';
import { AppError, parseInput } from '../errors';
import type { AuthService } from '../services/auth-service';
import { logoTooLarge, type LetterheadService } from '../services/letterhead-service';
import { authorise, sessionMiddleware } from './session';

export const LETTERHEAD_PATH = '/settings/letterhead';
export const LOGO_PATH = '/settings/letterhead/logo';

/** The kop surat's texts and logo, for the admin (see shared/protocol/letterhead.ts). */
export function letterheadRoutes(letterhead: LetterheadService): Router {
  const router = Router();

  router.get(LETTERHEAD_PATH, async (_req, res) => {
    authorise(res, 'meeting.manage');
    res.json(await letterhead.get());
  });

  router.put(LETTERHEAD_PATH, async (req, res) => {
    const session = authorise(res, 'meeting.manage');
    res.json(await letterhead.save(parseInput(letterheadInputSchema, req.body), session));
  });

  router.get(LOGO_PATH, async (_req, res) => {
    authorise(res, 'meeting.manage');
    const logo = await letterhead.logo();
    res.type(logo.mime).set('cache-control', 'no-store').send(Buffer.from(logo.bytes));
  });

  router.delete(LOGO_PATH, async (_req, res) => {
    const session = authorise(res, 'meeting.manage');
    res.json(await letterhead.deleteLogo(session));
  });

  return router;
}

/**
 * The logo upload: the image's own bytes, not JSON, so it is mounted before the JSON parser and
 * the JSON-only guard. A cross-site form cannot send it either: no form sends an image type
 * without a preflight, and a form's own types (text/plain...) are refused 415 here. The session is
 * checked before a byte is read; a body over LOGO_MAX_BYTES is refused 413 as soon as it is known,
 * by its Content-Length or while it streams, and nothing is stored.
 */
export function logoUploadRoute(letterhead: LetterheadService, auth: AuthService): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: LOGO_MAX_BYTES });
  router.put(
    LOGO_PATH,
    sessionMiddleware(auth),
    (req: Request, res: Response, next: NextFunction) => {
      authorise(res, 'meeting.manage');
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > LOGO_MAX_BYTES) throw logoTooLarge(declared);
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!type.startsWith('image/')) throw new AppError('unsupported_type', 'errors.letterhead.logoType');
      next();
    },
    (req: Request, res: Response, next: NextFunction) => {
      raw(req, res, (err?: unknown) => {
        if ((err as { type?: string } | undefined)?.type === 'entity.too.large') next(logoTooLarge(null));
        else next(err);
      });
    },
    async (req: Request, res: Response) => {
      const session = authorise(res, 'meeting.manage');
      const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
      res.json(await letterhead.setLogo(bytes, session));
    },
  );
  return router;
}
