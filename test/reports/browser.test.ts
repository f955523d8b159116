// The HTML report in a real browser: headless Chromium (Debian's, driven by playwright-core) opens the
// report of a real run and of a real comparison, every chart shows an SVG with marks, the console has
// no error, and the page makes no request at all besides loading itself. A screenshot of each is kept
// in test-artifacts/ for CI. Without /usr/bin/chromium this fails (it does not skip): .ci/run installs it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ccsim } from './ccsim.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const tmp = mkdtempSync(join(tmpdir(), 'ccsim-report-browser-'));
let browser: BrowserContext;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`).toBe(true);
  const run = await ccsim('run', join(ROOT, 'scenarios/inbound-realistic-day.yaml'), '--replications', '2', '--report', join(tmp, 'run'));
  expect(run.code, run.stderr).toBe(0);
  const compare = await ccsim(
    'compare',
    join(ROOT, 'scenarios/inbound-erlang-a.yaml'),
    join(ROOT, 'scenarios/examples/inbound-erlang-a-98-agents.yaml'),
    '--replications',
    '2',
    '--report',
    join(tmp, 'compare'),
  );
  expect(compare.code, compare.stderr).toBe(0);
  // A persistent context is how playwright takes a fresh --user-data-dir (it refuses the flag in args).
  browser = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe.each([
  ['run', 'report.png'],
  ['compare', 'compare-report.png'],
])('the HTML report of a real %s in Chromium', (dir, screenshot) => {
  it('renders every chart, logs no error and makes no request', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const failed: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));

    const html = join(tmp, dir, 'report.html');
    const url = pathToFileURL(html).href;
    await page.goto(url, { waitUntil: 'load' });

    // Every chart written beside the page is on it, and drawn.
    const expected = readdirSync(join(tmp, dir)).filter((f) => f.endsWith('.svg')).map((f) => f.replace(/\.svg$/, '')).sort();
    expect(expected.length).toBeGreaterThanOrEqual(dir === 'run' ? 5 : 6);
    const sections = page.locator('section.chart');
    const ids = (await sections.evaluateAll((els) => els.map((e) => e.id))).sort();
    expect(ids).toEqual(expected);
    for (const id of ids) {
      const svg = page.locator(`section#${id} svg`);
      expect(await svg.count(), id).toBe(1);
      const stats = await svg.evaluate((el) => ({
        marks: el.querySelectorAll('.role-mark path, .role-mark rect, .role-mark line, .role-mark circle').length,
        text: el.querySelectorAll('text').length,
        box: el.getBoundingClientRect().toJSON() as { width: number; height: number },
      }));
      expect(stats.marks, `${id}: marks`).toBeGreaterThan(0);
      expect(stats.text, `${id}: text`).toBeGreaterThan(3);
      expect(stats.box.width, `${id}: width`).toBeGreaterThan(300);
      expect(stats.box.height, `${id}: height`).toBeGreaterThan(100);
    }
    expect(await page.locator('#kpis table tbody tr').count()).toBeGreaterThan(5);

    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(requests).toEqual([url]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
    await page.close();
  });
});
