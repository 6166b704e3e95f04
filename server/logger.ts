import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr, so stdout stays free for what commands print on purpose. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'rakor' } }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
