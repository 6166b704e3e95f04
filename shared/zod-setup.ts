import { z } from 'zod';

/**
 * Imported first by the client's entry and the server's composition root, before any schema is
 * built. zod 4 compiles object parsers with `new Function` unless told not to, and probes for it
 * when the first object schema is made; the Content-Security-Policy (script-src 'self', no
 * 'unsafe-eval') blocks that probe, and Chromium reports every blocked probe as a violation.
 */
z.config({ jitless: true });
