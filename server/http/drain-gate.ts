import type { RequestHandler } from 'express';
import { API } from '../../shared/protocol/api';
import { AppError } from '../errors';

/**
 * The HTTP side of a drain. It counts the requests in flight; once draining, a new API request
 * (but the health check) is refused as `draining` (503: nothing was done, send it again), and
 * every answer asks its client to close the connection, so the next request goes to whichever
 * node the load balancer picks.
 */
export class DrainGate {
  #draining = false;
  #inFlight = 0;
  #idle: (() => void)[] = [];

  get draining(): boolean {
    return this.#draining;
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      if (this.#draining) {
        res.setHeader('Connection', 'close');
        if (req.path.startsWith('/api/') && req.path !== API.health) return next(new AppError('draining', 'errors.draining'));
      }
      this.#inFlight++;
      res.once('close', () => {
        this.#inFlight--;
        if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
      next();
    };
  }

  /** Starts draining; resolves once no request is in flight. */
  drain(): Promise<void> {
    this.#draining = true;
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
