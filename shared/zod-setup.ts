import { z } from 'zod';

/**
 * zod as every schema of shared/ builds it: each schema module imports `z` from here, so this
 * runs before any schema is made, on the server and in the browser, and a screen that builds no
 * schema never loads zod. zod 4 compiles object parsers with `new Function` unless told not to,
 * and probes for it when the first object schema is made; the Content-Security-Policy
 * (script-src 'self', no 'unsafe-eval') blocks that probe, and Chromium reports every blocked
 * probe as a violation.
 */
z.config({ jitless: true });

export { z };
