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
      } else if (err instanceof URIError) {
        // The router decodes path parameters: a bad percent-encoding (`%E0%A4%A`) names nothing.
        error = { code: 'bad_request', message: 'The address is not valid: it has a bad percent-encoding.' };
      } else if (clientStatus(bodyError) === 404) {
        error = { code: 'not_found', message: `Nothing at ${req.method} ${req.path}` };
      } else if (clientStatus(bodyError) !== null) {
        // A 4xx from Express's own parts (the static files, the body parser): the request is at fault.
        error = { code: 'bad_request', message: 'The request is not valid.' };
      } else {
        logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled request error');
      }
    }
    res.status(HTTP_STATUS[error.code]).json({ error });
  };
}

/** The 4xx status an error from Express's own middleware carries (http-errors), or null. */
function clientStatus(err: { status?: unknown; statusCode?: unknown }): number | null {
  const status = typeof err.status === 'number' ? err.status : err.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
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
    return next(new AppError('bad_request', 'errors.notJson'));
  }
  next();
}
