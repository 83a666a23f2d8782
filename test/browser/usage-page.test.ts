/**
 * The usage page in real headless Chromium (Debian `chromium`, driven by playwright-core): a person opens `/usage`
 * on the local stack, signs in through the Entra stand-in's form (authorization code + PKCE with msal-browser), and
 * the page shows Get real-time usage under its visibility rules. After known traffic, every number on the page
 * equals the GetUsage report the page received, and that report equals the known traffic; an Administrator (alice)
 * sees every caller, a Viewer (rita) only her own calls. The Administrator's page is docs/usage-page.png (UPDATE_SCREENSHOT=1).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { requestUserToken } from '../../emulator/entra/dev-tokens';
import { INSTANCES, USERS } from '../../emulator/well-known';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { describeWithChromium, launchChromium, type ChromiumSession } from '../support/chromium';

const INSTANCE = INSTANCES.production.instanceId;
/** A seeded activity entity of the production environment. */
const ENTITY = 'WebStore_webPurchases';
/**
 * The README's screenshot is refreshed only on request (`UPDATE_SCREENSHOT=1 npx jest test/browser`): its chart
 * labels show the time of the run, so writing it on every run would leave the checkout changed after `npm test`.
 */
const SCREENSHOT =
  process.env.UPDATE_SCREENSHOT === '1'
    ? path.join(__dirname, '../../docs/usage-page.png')
    : path.join(tmpdir(), `usage-page-${process.pid}.png`);
/** A Chromium start and a sign-in round trip take seconds; on 2 shared cores, allow for contention. */
const BROWSER_TEST_MS = 90_000;

interface Group {
  key: string;
  calls: number;
  succeeded: number;
  failed: number;
}
interface Report {
  scope: string;
  summary: string;
  totals: { calls: number; succeeded: number; failed: number; bytes: number };
  byOperation: Group[];
  byEntity: Group[];
  byCaller: Group[];
  topErrors: { code: string; calls: number; meaning?: string; hint?: string }[];
  hourly: { start: string; calls: number; failed: number }[];
  latency?: { calls: number; p50Ms: number; p90Ms: number; p99Ms: number };
  upstream: Group & { byOperation: Group[] };
}

const digits = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** The rows of one of the page's group tables, as the person reads them. */
async function tableRows(page: Page, id: string): Promise<Group[]> {
  return page.$$eval(`#${id} tbody tr[data-key]`, (rows) =>
    rows.map((r) => {
      const text = (cls: string) => Number((r.querySelector(`.${cls}`)?.textContent ?? '').replace(/[^\d]/g, ''));
      return {
        key: r.querySelector('.key')?.textContent ?? '',
        calls: text('calls'),
        succeeded: text('succeeded'),
        failed: text('failed'),
      };
    }),
  );
}

const groupsOf = (groups: Group[]) =>
  groups.map(({ key, calls, succeeded, failed }) => ({ key, calls, succeeded, failed }));

/** Signs in through the stand-in's form; resolves with the GetUsage report the page then received. */
async function signInAndLoad(page: Page, proxyUrl: string, user: keyof typeof USERS): Promise<Report> {
  await page.goto(`${proxyUrl}/usage`);
  await page.click('#sign-in');
  await page.waitForSelector('#login');
  expect(new URL(page.url()).pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
  await page.fill('#login', USERS[user].upn);
  await page.fill('#passwd', USERS[user].password);
  const usageResponse = page.waitForResponse(
    (r) => r.url().includes(`/api/instances/${INSTANCE}/usage?`) && r.request().method() === 'GET',
  );
  await page.click('#signin');
  const response = await usageResponse;
  expect(response.status()).toBe(200);
  const report = (await response.json()) as Report;
  await page.waitForSelector(`body[data-loaded="${INSTANCE}"]`);
  return report;
}

/** Everything the page shows equals the report it received. */
async function expectPageShows(page: Page, report: Report): Promise<void> {
  const metric = (name: string) => page.textContent(`[data-metric="${name}"]`);
  expect(digits(await metric('calls'))).toBe(report.totals.calls);
  expect(digits(await metric('succeeded'))).toBe(report.totals.succeeded);
  expect(digits(await metric('failed'))).toBe(report.totals.failed);
  expect(await page.textContent('#summary')).toBe(report.summary);
  for (const p of ['p50', 'p90', 'p99'] as const) {
    const ms = report.latency![`${p}Ms`];
    expect(await metric(p)).toBe(ms >= 1000 ? `≤ ${ms / 1000} s` : `≤ ${ms} ms`);
  }
  expect(await page.getAttribute('#scope', 'data-scope')).toBe(report.scope);
  expect(await tableRows(page, 'by-operation')).toEqual(groupsOf(report.byOperation));
  expect(await tableRows(page, 'by-entity')).toEqual(groupsOf(report.byEntity));
  expect(await tableRows(page, 'by-caller')).toEqual(groupsOf(report.byCaller));
  expect(await tableRows(page, 'upstream')).toEqual(groupsOf(report.upstream.byOperation));
  const errors = await page.$$eval('#top-errors tbody tr[data-key]', (rows) =>
    rows.map((r) => ({
      code: r.querySelector('.key')?.textContent ?? '',
      calls: Number((r.querySelector('.calls')?.textContent ?? '').replace(/[^\d]/g, '')),
      hint: r.querySelector('.hint')?.textContent ?? '',
    })),
  );
  expect(errors).toEqual(report.topErrors.map((e) => ({ code: e.code, calls: e.calls, hint: e.hint ?? '' })));
  // The chart: one bar per hour of the window, failed parts drawn over them.
  const bars = await page.$$eval('#hourly-chart svg rect title', (titles) => titles.length);
  expect(bars).toBe(report.hourly.length);
}

describeWithChromium('usage page in headless Chromium', () => {
  let stack: LocalStack;
  let browser: ChromiumSession | undefined;

  beforeAll(async () => {
    stack = await startLocalStack({ proxyPort: 0, ciPort: 0, entraPort: 0, logLevel: 'silent' });
    // Known traffic on the production environment: alice 5 reads and 1 refused request, rita 3 reads.
    const call = async (user: keyof typeof USERS, pathAndQuery: string) => {
      const token = await requestUserToken(stack.entraUrl, user);
      const res = await fetch(`${stack.proxyUrl}/api/instances/${INSTANCE}/${pathAndQuery}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      return res.status;
    };
    for (let i = 0; i < 3; i++) expect(await call('alice', 'entities?kind=activity')).toBe(200);
    expect(await call('alice', 'entities?kind=bogus')).toBe(400);
    for (let i = 0; i < 2; i++) expect(await call('alice', `schemas/activities/${ENTITY}`)).toBe(200);
    for (let i = 0; i < 2; i++) expect(await call('rita', 'entities?kind=activity')).toBe(200);
    expect(await call('rita', `schemas/activities/${ENTITY}`)).toBe(200);
  }, BROWSER_TEST_MS);
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(() => stack.close());

  it(
    'an Administrator signs in and sees every caller: the numbers equal Get real-time usage',
    async () => {
      browser = await launchChromium({ width: 1280, height: 900 });
      const page = await browser.context.newPage();
      const report = await signInAndLoad(page, stack.proxyUrl, 'alice');

      // The report the page received is the known traffic (the page's own GetUsage call counts only afterwards).
      expect(report.scope).toBe('allCallers');
      expect(report.totals).toMatchObject({ calls: 9, succeeded: 8, failed: 1 });
      expect(report.latency?.calls).toBe(9);
      expect(groupsOf(report.byCaller)).toEqual([
        { key: USERS.alice.upn, calls: 6, succeeded: 5, failed: 1 },
        { key: USERS.rita.upn, calls: 3, succeeded: 3, failed: 0 },
      ]);
      expect(groupsOf(report.byEntity)).toEqual([{ key: ENTITY, calls: 3, succeeded: 3, failed: 0 }]);
      expect(report.topErrors.map((e) => [e.code, e.calls])).toEqual([['InvalidField', 1]]);
      await expectPageShows(page, report);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      if (process.env.UPDATE_SCREENSHOT !== '1') rmSync(SCREENSHOT, { force: true });

      // Readable on a phone: nothing is wider than the screen (the tables scroll inside their own box).
      await page.setViewportSize({ width: 390, height: 844 });
      const widths = await page.$eval('html', (html) => ({ page: html.scrollWidth, viewport: html.clientWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    },
    BROWSER_TEST_MS,
  );

  it(
    'a Viewer signs in and sees only her own calls',
    async () => {
      browser = await launchChromium({ width: 1280, height: 900 });
      const page = await browser.context.newPage();
      const report = await signInAndLoad(page, stack.proxyUrl, 'rita');

      expect(report.scope).toBe('ownCalls');
      expect(report.totals).toMatchObject({ calls: 3, succeeded: 3, failed: 0 });
      expect(groupsOf(report.byCaller)).toEqual([{ key: USERS.rita.upn, calls: 3, succeeded: 3, failed: 0 }]);
      expect(groupsOf(report.byEntity)).toEqual([{ key: ENTITY, calls: 1, succeeded: 1, failed: 0 }]);
      await expectPageShows(page, report);
      expect(await page.textContent('body')).not.toContain(USERS.alice.upn);
    },
    BROWSER_TEST_MS,
  );
});
