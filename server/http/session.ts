import type { NextFunction, Request, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { can, type Action } from '../../shared/domain/roles/roles';
import { AppError } from '../errors';
import type { ActiveSession, AuthService, IssuedSession } from '../services/auth-service';

export const SESSION_COOKIE = 'rakor_session';

export interface CookieOptions {
  secure: boolean;
  ttlMs: number;
}

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

/** Strict same-site: the cookie never rides on a request started by another site. */
export function setSessionCookie(res: Response, issued: IssuedSession, opts: CookieOptions): void {
  res.cookie(SESSION_COOKIE, issued.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secure,
    path: '/',
    maxAge: opts.ttlMs,
  });
}

export function clearSessionCookie(res: Response, opts: CookieOptions): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: opts.secure, path: '/' });
}

/** Resolves the session (if any) once per request and keeps it on `res.locals`. */
export function sessionMiddleware(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.session = await auth.resolve(readSessionCookie(req.headers.cookie));
    next();
  };
}

export function currentSession(res: Response): ActiveSession | null {
  return (res.locals.session as ActiveSession | null | undefined) ?? null;
}

/** The session, authorised for `action` (on `meetingId` when given), or a typed 401/403. */
export function authorise(res: Response, action: Action, meetingId?: string): ActiveSession {
  const session = currentSession(res);
  if (!session) throw new AppError('unauthenticated', 'errors.noSession');
  if (!can(session.actor, action, meetingId)) {
    throw new AppError('forbidden', 'errors.roleForbidden');
  }
  return session;
}
