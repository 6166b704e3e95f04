import type { NextFunction, Request, Response } from 'express';
import { HTTP_STATUS } from '../../shared/protocol';
import { AppError, toApiError } from '../errors';
import type { Logger } from '../logger';

/** The last middleware: every failure leaves as `{ error: { code, message, ... } }`. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    let error = toApiError(err);
    const bodyError = err as { type?: string; status?: number };
    if (!(err instanceof AppError)) {
      if (bodyError.type === 'entity.parse.failed') {
        error = { code: 'bad_request', message: 'The request body is not valid JSON.' };
      } else if (bodyError.type === 'entity.too.large') {
        error = { code: 'bad_request', message: 'The request body is too large.' };
      } else {
        logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled request error');
      }
    }
    res.status(HTTP_STATUS[error.code]).json({ error });
  };
}

export function notFoundApi(req: Request, res: Response) {
  res.status(404).json({ error: { code: 'not_found', message: `No API route ${req.method} ${req.path}` } });
}

/**
 * State-changing API calls must be JSON: a cross-site HTML form cannot send that without a
 * CORS preflight, which this server never grants.
 */
export function requireJson(req: Request, _res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  // null: a request without a body (logout, archive) has nothing to check.
  if (req.is('application/json') === false) {
    return next(new AppError('bad_request', 'Send the request body as JSON (Content-Type: application/json).'));
  }
  next();
}
