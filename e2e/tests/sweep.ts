import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page, type Request } from '@playwright/test';
import { base } from './support';

// The page sweep of pages.spec.ts: opens a page, waits until it shows its
// data, runs axe-core in the light and the dark colour scheme, checks that a
// 360 px phone does not scroll sideways, and saves screenshots.

export type Scheme = 'light' | 'dark';
const SCHEMES: Scheme[] = ['light', 'dark'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** What fails the sweep; moderate and minor ones are only listed. */
const BLOCKING = new Set(['serious', 'critical']);
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const SCREENS = path.resolve(__dirname, '../artifacts/screens');

/** One page of a role's sweep. */
export interface Visit {
  /** Names the screenshots: `<role>-<name>-desktop.png`. */
  name: string;
  path: string;
  /** A text the page shows once its data is in: it did load, and it is not empty. */
  shows?: string;
  /** Brings the page to the state worth checking (a filter chosen, a slot picked). */
  prepare?: (page: Page) => Promise<void>;
}

/** One element axe found fault with. */
export interface Finding {
  role: string;
  page: string;
  scheme: Scheme;
  /** A violation, or what axe could not decide ("needs review"). */
  kind: 'violation' | 'incomplete';
  rule: string;
  impact: string;
  help: string;
  target: string;
  /** For contrast rules: the colours and ratios axe measured, or why it could not. */
  contrast?: string;
  /** Text in the colour of its background: invisible, which axe leaves for review. */
  invisible?: boolean;
  html: string;
}

interface ContrastData {
  fgColor?: string;
  bgColor?: string;
  contrastRatio?: number;
  expectedContrastRatio?: string;
  fontSize?: string;
  fontWeight?: string;
  messageKey?: string;
}

/** The live stream of events (GET /api/v1/me/events) stays open as long as
 * the page: it never lets the network go idle, so it is left out. */
const LIVE = /\/api\/v1\/me\/events$/;
const inFlight = new WeakMap<Page, Set<Request>>();

/** Follows the page's requests, but for the live stream. */
function watchRequests(page: Page): Set<Request> {
  let open = inFlight.get(page);
  if (!open) {
    const requests = new Set<Request>();
    open = requests;
    inFlight.set(page, requests);
    page.on('request', (r) => { if (!LIVE.test(new URL(r.url()).pathname)) requests.add(r); });
    page.on('requestfinished', (r) => requests.delete(r));
    page.on('requestfailed', (r) => requests.delete(r));
  }
  return open;
}

/** Waits until no request (but the live stream) has been under way for
 * half a second: Playwright's `networkidle`, which the stream would keep
 * from ever coming. */
async function networkQuiet(page: Page, what: string) {
  const open = watchRequests(page);
  const deadline = Date.now() + 30_000;
  let quietSince = open.size === 0 ? Date.now() : 0;
  while (Date.now() - quietSince < 500 || quietSince === 0) {
    if (Date.now() > deadline) throw new Error(`${what}: requests still under way: ${[...open].map((r) => r.url()).join(', ')}`);
    await page.waitForTimeout(100);
    if (open.size > 0) quietSince = 0;
    else if (quietSince === 0) quietSince = Date.now();
  }
}

/** A loading indicator of the client (components/status.rs). */
const loading = (page: Page): Locator => page.getByRole('status').filter({ hasText: /^Loading/ });

/** Waits until the page has read all it reads: its heading shown, no
 * "Loading …" left, no dashboard figure still "…", the network quiet, the
 * fonts in. A page that failed to load is a finding, reported by the caller. */
export async function settle(page: Page, what: string) {
  await page.waitForLoadState('load');
  await networkQuiet(page, what);
  await expect(page.locator('main h1').first(), `${what}: its heading`).toBeVisible();
  await expect(loading(page), `${what}: still loading`).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator('.figure').filter({ hasText: /^…$/ }), `${what}: figures`).toHaveCount(0);
  await networkQuiet(page, what);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Nothing started loading again meanwhile.
  await expect(loading(page), `${what}: loading again`).toHaveCount(0);
}

/** Lets a change of viewport or colour scheme reach layout and paint. */
const painted = (page: Page) =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

async function axe(page: Page, role: string, name: string, scheme: Scheme): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const list = (found: typeof results.violations, kind: Finding['kind']) => found.flatMap((v) =>
    v.nodes.map((node) => {
      const check = [...node.any, ...node.all, ...node.none].find((c) => c.id.startsWith('color-contrast'));
      const data = check?.data as ContrastData | undefined;
      const contrast = data?.contrastRatio
        ? `${data.contrastRatio}:1, needs ${data.expectedContrastRatio}; ${data.fgColor} on ${data.bgColor}; ${data.fontSize} ${data.fontWeight}`
        : data?.messageKey;
      return {
        role, page: name, scheme, kind, rule: v.id, impact: node.impact ?? v.impact ?? 'unknown', help: v.help,
        target: node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '),
        contrast, invisible: data?.messageKey === 'equalRatio', html: node.html.replace(/\s+/g, ' ').slice(0, 160),
      };
    }));
  return [...list(results.violations, 'violation'), ...list(results.incomplete, 'incomplete')];
}

/** What makes a phone's page scroll sideways: first the elements that stick
 * out of their own parent (where the overflow starts), then the innermost
 * ones that pass the screen's right edge (what is too wide: a long word, a
 * row that does not wrap); widest first. Those inside a box that scrolls or
 * clips on its own are left out. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const clipped = (e: Element | Node) => {
      for (let a = e.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    const name = (e: Element) => {
      const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
      return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls}`;
    };
    const describe = ({ e, r }: { e: Element; r: DOMRect }, why: string) => {
      const testid = e.closest('[data-testid]')?.getAttribute('data-testid');
      const text = (e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
      return `${name(e)}${testid ? ` [testid ${testid}]` : ''} ${Math.round(r.width)} px wide, right edge at ${Math.round(r.right)} px, ${why}: "${text}"`;
    };
    const over = [...document.body.querySelectorAll('*')]
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ e, r }) => r.width > 0 && r.right > width + 1 && !clipped(e))
      .sort((a, b) => b.r.right - a.r.right || b.r.width - a.r.width);
    const set = new Set(over.map(({ e }) => e));
    const seen = new Set<string>();
    const once = (line: string) => !seen.has(line.replace(/: ".*$/, '')) && !!seen.add(line.replace(/: ".*$/, ''));
    const escapes = over
      .filter(({ e, r }) => e.parentElement && r.right > e.parentElement.getBoundingClientRect().right + 1)
      .map((o) => describe(o, `sticks out of its ${name(o.e.parentElement!)}`));
    const innermost = over
      .filter(({ e }) => ![...e.children].some((c) => set.has(c)))
      .map((o) => describe(o, 'innermost'));
    // Text that passes the edge while its element does not (a flex row's text).
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !n.textContent?.trim() || clipped(n)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && parent.getBoundingClientRect().right <= width + 1) {
        texts.push(describe({ e: parent, r }, 'its text passes the edge'));
      }
    }
    return [
      `page is ${document.documentElement.scrollWidth} px wide at ${width} px`,
      ...escapes.filter(once).slice(0, 5),
      ...texts.filter(once).slice(0, 3),
      ...innermost.filter(once).slice(0, 5),
    ];
  });
}

async function shot(page: Page, file: string) {
  await page.screenshot({ path: path.join(SCREENS, `${file}.png`), fullPage: true });
}

/** Sweeps a role's pages: collects what axe finds and what scrolls
 * sideways, then (in {@link Sweep.verdict}) prints the minor findings and
 * fails on the serious ones. */
export class Sweep {
  readonly findings: Finding[] = [];
  readonly wide: string[] = [];
  readonly broken: string[] = [];

  /** Errors in the browser's console: printed, not failed on (a refused request logs one). */
  readonly console: string[] = [];
  private readonly watched = new WeakSet<Page>();

  constructor(readonly role: string) {}

  async visit(page: Page, visit: Visit) {
    const label = `${this.role} ${visit.name} (${visit.path})`;
    if (!this.watched.has(page)) {
      this.watched.add(page);
      watchRequests(page);
      // An uncaught error (a panic of the client) is a broken page.
      page.on('pageerror', (error) => this.broken.push(`${page.url()}: uncaught ${error.message}`));
      page.on('console', (m) => { if (m.type() === 'error') this.console.push(`${page.url()}: ${m.text().slice(0, 300)}`); });
    }
    // A page that does not load is reported with the rest, and the sweep goes on.
    await test.step(label, async () => this.check(page, visit, label)).catch((error: Error) => {
      this.broken.push(`${label}: ${error.message.split('\n').slice(0, 2).join(' ')}`);
    });
  }

  private async check(page: Page, visit: Visit, label: string) {
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base()}${visit.path}`);
    await settle(page, label);
    if (visit.prepare) {
      await visit.prepare(page);
      await settle(page, label);
    }
    if (visit.shows) {
      await expect.soft(page.locator('main'), `${label} shows its data`).toContainText(visit.shows);
    }
    const failed = await page.locator('.status.error[role="alert"]').allTextContents();
    if (failed.length) this.broken.push(`${label}: ${failed.join(' | ')}`);

    const file = `${this.role}-${visit.name}`;
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await painted(page);
      this.findings.push(...(await axe(page, this.role, visit.path, scheme)));
      await shot(page, `${file}-desktop${scheme === 'dark' ? '-dark' : ''}`);
    }
    await page.setViewportSize(PHONE);
    await painted(page);
    await shot(page, `${file}-phone-dark`);
    await page.emulateMedia({ colorScheme: 'light' });
    await painted(page);
    const wide = await overflow(page);
    if (wide.length) this.wide.push(`${label} at ${PHONE.width} px: ${wide.join('\n    ')}`);
    await shot(page, `${file}-phone`);
    await page.setViewportSize(DESKTOP);
  }

  /** Prints the findings, saves them as JSON (artifacts/screens/<role>-findings.json),
   * and fails on anything serious. */
  verdict() {
    const violations = this.findings.filter((f) => f.kind === 'violation');
    const minor = violations.filter((f) => !BLOCKING.has(f.impact));
    const review = this.findings.filter((f) => f.kind === 'incomplete' && !f.invisible);
    // Invisible text fails too: axe only leaves it for review in case it is hidden on purpose.
    const blocking = this.findings.filter((f) => (f.kind === 'violation' && BLOCKING.has(f.impact)) || f.invisible);
    mkdirSync(SCREENS, { recursive: true });
    writeFileSync(path.join(SCREENS, `${this.role}-findings.json`), JSON.stringify({ findings: this.findings, wide: this.wide, broken: this.broken, console: this.console }, null, 2));
    console.log(`\n${this.role}: ${blocking.length} serious/critical (or invisible), ${minor.length} moderate/minor axe findings, ${this.wide.length} pages wider than a phone`);
    if (minor.length) console.log(table(minor));
    if (review.length) console.log(`axe could not decide (needs review):\n${table(review)}`);
    if (this.console.length) console.log(`console errors:\n  ${this.console.join('\n  ')}`);
    const lines = blocking.map((f) =>
      `${f.page} [${f.scheme}] ${f.rule} (${f.invisible ? 'invisible: text in its background colour' : f.impact}): ${f.target}${f.contrast ? ` (${f.contrast})` : ''}`);
    expect.soft(this.broken, `${this.role}: pages that failed to load their data`).toEqual([]);
    expect.soft(lines, `${this.role}: serious or critical axe violations, and invisible text`).toEqual([]);
    expect.soft(this.wide, `${this.role}: pages that scroll sideways on a phone`).toEqual([]);
  }
}

/** Moderate and minor findings grouped by page, scheme and rule. */
function table(findings: Finding[]): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.page}\u0000${f.scheme}\u0000${f.impact}\u0000${f.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const rows = [['page', 'scheme', 'impact', 'rule', 'n', 'targets']];
  for (const [key, list] of groups) {
    rows.push([...key.split('\u0000'), String(list.length), list.slice(0, 3).map((f) => `${f.target}${f.contrast ? ` (${f.contrast})` : ''}`).join(', ')]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}
