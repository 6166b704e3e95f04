import { Router } from 'express';
import type { Request } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type Store } from 'express-rate-limit';
import { linkExchangeSchema, loginInputSchema, setupInputSchema, type SessionState } from '../../shared/protocol';
import type { MessageKey } from '../../shared/i18n';
import type { TimeZone } from '../../shared/domain/time/zones';
import { PAGES } from '../../shared/protocol/api';
import { AppError, parseInput } from '../errors';
import { sessionInfo, type AuthService } from '../services/auth-service';
import { clearSessionCookie, currentSession, readSessionCookie, setSessionCookie, type CookieOptions } from './session';

export interface AuthRouteOptions {
  cookie: CookieOptions;
  loginLimit: number;
  linkLimit: number;
  /** Counters shared by every node (Redis); missing: this process's memory. */
  rateLimitStore?: (prefix: string) => Store | undefined;
  /** The regency's zone (DEFAULT_TIME_ZONE), offered to the forms as a new meeting's zone; unset: none. */
  defaultTimeZone?: TimeZone;
}

const LOGIN_WINDOW_MS = 15 * 60_000;
/** An address may fail this many times the per-username limit, over all usernames. */
const ADDRESS_FACTOR = 10;

/**
 * The client's address as Express sees it: the socket's peer, or the X-Forwarded-For hop that
 * TRUST_PROXY believes. IPv6 addresses count per /56, as one household or office gets.
 */
function addressKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? '');
}

/** The username a login or setup is for, as the limiter keys it (any case counts as one). */
function usernameKey(req: Request): string {
  const body: unknown = req.body;
  const username = typeof body === 'object' && body !== null && 'username' in body ? body.username : undefined;
  return typeof username === 'string' ? username.trim().toLowerCase().slice(0, 40) : '';
}

function limiter(limit: number, windowMs: number, key: MessageKey, extra: Partial<Options> = {}) {
  return rateLimit({
    // Redis away: let people in rather than lock the whole province out; the limits resume with it.
    passOnStoreError: true,
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: addressKey,
    // Without TRUST_PROXY, X-Forwarded-For is ignored on purpose: no warning for seeing one.
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next) => next(new AppError('rate_limited', key)),
    ...extra,
  });
}

export function authRoutes(auth: AuthService, opts: AuthRouteOptions): Router {
  const router = Router();
  // Only failures count. Per username and address: a flood of wrong passwords from one address
  // locks that address out of that account, not the admin at another browser; a looser cap per
  // address stops one address from trying every username.
  const failuresOf = { skipSuccessfulRequests: true };
  const store = (prefix: string) => {
    const shared = opts.rateLimitStore?.(prefix);
    return shared ? { store: shared } : {};
  };
  const addressLimiter = limiter(opts.loginLimit * ADDRESS_FACTOR, LOGIN_WINDOW_MS, 'errors.loginsFromNetwork', { ...failuresOf, ...store('login-address') });
  const accountLimiter = limiter(opts.loginLimit, LOGIN_WINDOW_MS, 'errors.loginsForAccount', {
    ...failuresOf,
    ...store('login-account'),
    keyGenerator: (req) => `${addressKey(req)}|${usernameKey(req)}`,
  });
  const loginLimiter = [addressLimiter, accountLimiter];
  const linkLimiter = limiter(opts.linkLimit, 60_000, 'errors.linksFromNetwork', store('link'));

  router.get('/auth/session', async (_req, res) => {
    const session = currentSession(res);
    const body: SessionState & { defaultTimeZone: TimeZone | null } = {
      session: session ? sessionInfo(session) : null,
      setupRequired: await auth.setupRequired(),
      // Only the secretariat creates meetings; everyone else has no use for the setting.
      defaultTimeZone: session?.role === 'admin' ? (opts.defaultTimeZone ?? null) : null,
    };
    res.json(body);
  });

  router.post('/auth/setup', ...loginLimiter, async (req, res) => {
    const input = parseInput(setupInputSchema, req.body);
    const issued = await auth.setup(input);
    setSessionCookie(res, issued, opts.cookie);
    res.json({ session: issued.info, setupRequired: false } satisfies SessionState);
  });

  router.post('/auth/login', ...loginLimiter, async (req, res) => {
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
