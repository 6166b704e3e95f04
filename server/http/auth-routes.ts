import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { linkExchangeSchema, loginInputSchema, setupInputSchema, type SessionState } from '../../shared/protocol';
import { PAGES } from '../../shared/protocol/api';
import { AppError, parseInput } from '../errors';
import { sessionInfo, type AuthService } from '../services/auth-service';
import { clearSessionCookie, currentSession, readSessionCookie, setSessionCookie, type CookieOptions } from './session';

export interface AuthRouteOptions {
  cookie: CookieOptions;
  loginLimit: number;
  linkLimit: number;
}

function limiter(limit: number, windowMs: number, message: string) {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('rate_limited', message)),
  });
}

export function authRoutes(auth: AuthService, opts: AuthRouteOptions): Router {
  const router = Router();
  const loginLimiter = limiter(opts.loginLimit, 15 * 60_000, 'Too many login attempts. Wait 15 minutes and try again.');
  const linkLimiter = limiter(opts.linkLimit, 60_000, 'Too many links opened from this network. Wait a minute and try again.');

  router.get('/auth/session', async (_req, res) => {
    const session = currentSession(res);
    const body: SessionState = { session: session ? sessionInfo(session) : null, setupRequired: await auth.setupRequired() };
    res.json(body);
  });

  router.post('/auth/setup', loginLimiter, async (req, res) => {
    const input = parseInput(setupInputSchema, req.body);
    const issued = await auth.setup(input);
    setSessionCookie(res, issued, opts.cookie);
    res.json({ session: issued.info, setupRequired: false } satisfies SessionState);
  });

  router.post('/auth/login', loginLimiter, async (req, res) => {
    const input = parseInput(loginInputSchema, req.body);
    const issued = await auth.login(input);
    setSessionCookie(res, issued, opts.cookie);
    res.json({ session: issued.info, setupRequired: false } satisfies SessionState);
  });

  router.post('/auth/logout', async (req, res) => {
    await auth.logout(readSessionCookie(req.headers.cookie));
    clearSessionCookie(res, opts.cookie);
    res.json({ ok: true });
  });

  router.post('/links/exchange', linkLimiter, async (req, res) => {
    const input = parseInput(linkExchangeSchema, req.body);
    const issued = await auth.exchangeLink(input);
    setSessionCookie(res, issued, opts.cookie);
    res.json({ session: issued.info, redirect: PAGES.meetingView(issued.info.meetingId ?? '') });
  });

  return router;
}
