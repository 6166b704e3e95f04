import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { idParamSchema } from '../../shared/protocol';
import { MAX_MATERIAL_BYTES, materialParamsSchema, materialUploadFieldsSchema } from '../../shared/protocol/materials';
import { originAllowed } from '../auth/origin';
import { AppError, parseInput } from '../errors';
import type { AuthService } from '../services/auth-service';
import type { Upload } from '../services/follow-up-service';
import { materialTooLarge, type MaterialService } from '../services/material-service';
import { authorise, sessionMiddleware } from './session';

/**
 * Bahan rapat over REST (shared/protocol/materials.ts):
 *
 *   POST   /api/meetings/:id/materials                      multipart `file` (+ title, participantId for the admin) -> Material
 *   GET    /api/meetings/:id/materials                      -> { items: Material[] }  (readers: all; a participant: its own)
 *   GET    /api/meetings/:id/materials/:participantId/file  -> the PDF, inline
 *   DELETE /api/meetings/:id/materials/:participantId       -> { removed: true }      (own, or the admin)
 *   GET    /api/meetings/:id/material-display               -> MaterialDisplay        (any reader of the meeting)
 */
const UPLOAD = '/meetings/:id/materials';

/** The form as multer reads it: a few short fields and one PDF kept in memory within the limit. */
const readForm = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_MATERIAL_BYTES, files: 1, fields: 4, fieldSize: 4 * 1024, parts: 6 },
}).single('file');

function formError(err: unknown): AppError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return materialTooLarge(null);
    if (err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE') return new AppError('bad_request', 'materials.fileTooMany', {}, 'file');
  }
  return new AppError('bad_request', 'materials.formInvalid');
}

function uploadOf(req: Request): Upload | null {
  const file = req.file;
  // Browsers send the file's name as UTF-8; multer reads the header as latin1.
  return file ? { name: Buffer.from(file.originalname, 'latin1').toString('utf8'), bytes: new Uint8Array(file.buffer) } : null;
}

/**
 * The upload, before the JSON parser (app.ts), as the follow-up notes' form: who is asking is
 * settled before a byte of the body is read; a form can be posted across sites without a
 * preflight, so a browser's Origin must be Rakor's (auth/origin.ts); and a body whose declared
 * length is over the limit is refused 413 at once. Nothing is stored on any refusal.
 */
export function materialUploadRoute(materials: MaterialService, auth: AuthService, publicUrl: string): Router {
  const router = Router();
  router.post(UPLOAD, sessionMiddleware(auth), (req: Request, res: Response, next: NextFunction) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    if (session.actor.role !== 'participant' && session.actor.role !== 'admin') throw new AppError('forbidden', 'errors.roleForbidden');
    if (!originAllowed(req.headers.origin, req.headers.host, publicUrl)) throw new AppError('forbidden', 'materials.originForbidden');
    if (!req.is('multipart/form-data')) throw new AppError('unsupported_type', 'materials.fileType', {}, 'file');
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_MATERIAL_BYTES + 64 * 1024) throw materialTooLarge(declared);
    readForm(req, res, (err: unknown) => {
      if (err) return next(formError(err));
      // A callback of the body parser: whatever it throws must reach the error handler, not the process.
      try {
        const fields = parseInput(materialUploadFieldsSchema, req.body ?? {});
        materials.upload(id, session, fields, uploadOf(req)).then((material) => res.status(201).json(material), next);
      } catch (thrown) {
        next(thrown);
      }
    });
  });
  return router;
}

/** Everything else of the bahan rapat, after the JSON parser. */
export function materialRoutes(materials: MaterialService): Router {
  const router = Router();

  router.get(UPLOAD, async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    res.set('cache-control', 'no-store').json({ items: await materials.list(id, session) });
  });

  router.get(`${UPLOAD}/:participantId/file`, async (req, res) => {
    const { id, participantId } = parseInput(materialParamsSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    const file = await materials.file(id, session, participantId);
    // Inline: the browser's own PDF viewer opens it in the new tab; nosniff keeps it a PDF.
    res
      .type('application/pdf')
      .set('cache-control', 'private, no-store')
      .set('x-content-type-options', 'nosniff')
      .set('content-disposition', `inline; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(Buffer.from(file.bytes));
  });

  router.delete(`${UPLOAD}/:participantId`, async (req, res) => {
    const { id, participantId } = parseInput(materialParamsSchema, req.params);
    const session = authorise(res, 'meeting.read', id);
    res.json(await materials.remove(id, session, participantId));
  });

  router.get('/meetings/:id/material-display', async (req, res) => {
    const { id } = parseInput(idParamSchema, req.params);
    authorise(res, 'meeting.read', id);
    res.set('cache-control', 'no-store').json(await materials.display(id));
  });

  return router;
}

/** The name for clients that read only `filename=`: ASCII, no quotes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
