import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { ImpactValue } from 'axe-core';

/** The impacts a page must not have: a screen-reader or keyboard user is blocked, not just slowed. */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];
/**
 * Reported whatever their impact (axe calls them moderate): the skip link jumps to the one `main`,
 * and a screen reader's "next landmark" lands on the page's content, so there must be exactly one.
 */
const LANDMARK_RULES: readonly string[] = ['landmark-one-main', 'landmark-no-duplicate-main', 'landmark-main-is-top-level'];

/** One rule broken on a page, with every element that breaks it. */
export interface AxeViolation {
  id: string;
  impact: ImpactValue | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; summary: string }[];
}

let source: string | null = null;
/** axe-core's browser build, read once per test file. */
function axeSource(): string {
  source ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/**
 * The serious and critical violations of the page as it is drawn now (and any `main` landmark
 * problem). axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
 * does not govern, so the policy the app ships stays on while it is checked.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(axeSource());
  // A string expression: the tests are compiled without the DOM library.
  const all = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, summary: n.failureSummary ?? '' })),
    })),
  )`);
  return all.filter((v) => (v.impact !== null && BLOCKING.includes(v.impact)) || LANDMARK_RULES.includes(v.id));
}

/** One line per element: rule, impact, what to do, where, the element, and axe's reason (the contrast ratio...). */
export function formatViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => {
      const reason = n.summary.replace(/^Fix (any|all) of the following:\s*/gm, '').replace(/\s+/g, ' ');
      const html = n.html.length > 160 ? `${n.html.slice(0, 157)}...` : n.html;
      return `${where}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help} | ${n.target.join(' ')} | ${html} | ${reason}`;
    }),
  );
}

/** Checks the page and returns its readable violations, an empty list when it passes (and prints what it found). */
export async function axeReport(page: Page, where: string): Promise<string[]> {
  const startedMs = Date.now();
  const lines = formatViolations(where, await axeViolations(page));
  const took = `[axe] ${where}: ${Date.now() - startedMs} ms`;
  console.log(lines.length > 0 ? `${took}, ${lines.length} blocking violation(s)\n  ${lines.join('\n  ')}` : `${took}, none blocking`);
  return lines;
}
