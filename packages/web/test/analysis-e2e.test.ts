import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticEventInfo } from '@dance/analysis';
import { openCatalog } from '@dance/catalog';
import { createServer, type DanceServer } from '@dance/server';
import { Store } from '@dance/store';
import { initWorkspace, openWorkspace } from '@dance/workspace';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRoute } from '../src/route.js';
import { CHROMIUM, launchChromium } from './browser.js';

// The Analysis page against a real server over a workspace holding event_info products of two
// runs (the chain's type filled with synthetic events: fast and exact), a cut file and a blinded cS1 band.
const WEB = fileURLToPath(new URL('..', import.meta.url));
const ARTIFACTS = join(WEB, '../../artifacts');
const haveBrowser = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const RUN_START = 1_780_000_000_000_000_000n;

let dir: string;
let server: DanceServer;
let url: string;
let context: BrowserContext;
let page: Page;

async function api<T>(path: string): Promise<T> {
  return (await fetch(new URL(path, url))).json() as Promise<T>;
}

async function settled(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === location.hash);
}

/** The plotting area of a uPlot chart (its .u-over layer) in page CSS pixels. */
async function plotArea(panel: string) {
  const box = await page.locator(`${panel} .u-over`).boundingBox();
  if (!box) throw new Error(`${panel}: no plot`);
  return box;
}

/** Pixels of a panel's canvas inside a page-pixel rectangle that are blue (data, not grey grid or text). */
function bluePixels(panel: string, r: { x: number; y: number; width: number; height: number }): Promise<number> {
  return page.evaluate(
    ({ selector, r }) => {
      const canvas = document.querySelector(`${selector} canvas`) as HTMLCanvasElement;
      const at = canvas.getBoundingClientRect();
      const k = canvas.width / at.width;
      const g = canvas.getContext('2d') as CanvasRenderingContext2D;
      const px = g.getImageData(
        Math.round((r.x - at.left) * k),
        Math.round((r.y - at.top) * k),
        Math.round(r.width * k),
        Math.round(r.height * k),
      ).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i + 2] - px[i] > 15) n++;
      return n;
    },
    { selector: panel, r },
  );
}

describe.skipIf(!haveBrowser && !inCi)('Analysis page in Chromium', () => {
  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
    dir = mkdtempSync(join(tmpdir(), 'dance-web-analysis-'));
    const root = join(dir, 'ws');
    initWorkspace(root, { name: 'analysis-e2e' });
    appendFileSync(
      join(root, 'dance.yaml'),
      'analysis:\n  memory_limit: 256MB\n  threads: 1\n  blinding:\n    - name: kr-line\n      table: event_info\n      where: cs1 BETWEEN 45 AND 55\n',
    );
    writeFileSync(
      join(root, 'cuts.yaml'),
      'name: wimp\nversion: 1\ncuts:\n  - name: fiducial\n    expr: s2_x*s2_x + s2_y*s2_y < 1600\n  - name: drift\n    expr: drift_time > 1e5\n',
    );
    const ws = openWorkspace(root);
    const store = new Store(ws.dataDir);
    const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
    for (const [i, run] of ['000001', '000002'].entries()) {
      const start = RUN_START + BigInt(i) * 10n ** 12n;
      const events = syntheticEventInfo(800, start, i + 1);
      const w = store.writer({ run, type: 'event_info', lineage: 'synth0' }, events.schema);
      await w.write(events, { start, end: start + 10n ** 12n });
      await w.commit();
      await catalog.registerRun({ id: run, number: i + 1, start, end: start + 10n ** 12n, source: 'kr83m' });
    }
    await catalog.close();
    const webRoot = join(dir, 'app');
    await build({ root: WEB, logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } });
    server = await createServer({ workspace: ws, webRoot });
    url = await server.listen();
    context = await launchChromium(dir);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    // tall enough that the whole page, and so every mouse position of a box drag, is in view
    await page.setViewportSize({ width: 1400, height: 1300 });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws the histogram and the cS1–cS2 plane with the cut file applied, and the cut flow as the API', async () => {
    await page.goto(`${url}#/analysis?xrange=0:100&yrange=0:12000`);
    await settled();
    expect(page.url()).toContain('cuts=cuts.yaml'); // the workspace's cut file, written into the permalink
    expect(await bluePixels('#analysis-hist', await plotArea('#analysis-hist'))).toBeGreaterThan(500);
    const plane = await plotArea('#analysis-plane');
    expect(await bluePixels('#analysis-plane', plane)).toBeGreaterThan(500);

    const api_ = await api<{
      cutflow: { total: number; rows: { cut: string; passed: number; passedOthers: number }[] };
    }>('/api/analysis/cutflow?cuts=cuts.yaml');
    const cells = await page.$$eval('#cutflow tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(cells[0].slice(0, 2)).toEqual(['all events', String(api_.cutflow.total)]);
    expect(cells.slice(1).map((c) => [c[0], c[1], c[4]])).toEqual(
      api_.cutflow.rows.map((r) => [r.cut, String(r.passed), String(r.passedOthers)]),
    );
    expect(await page.textContent('#blinding')).toContain('kr-line (event_info: cs1 BETWEEN 45 AND 55)');

    // the blinded band [45, 55] of cS1 is empty on the plane; the band beside it is not
    const column = (lo: number, hi: number) => ({
      x: plane.x + (lo / 100) * plane.width,
      y: plane.y,
      width: ((hi - lo) / 100) * plane.width,
      height: plane.height,
    });
    expect(await bluePixels('#analysis-plane', column(46, 54))).toBe(0);
    expect(await bluePixels('#analysis-plane', column(20, 40))).toBeGreaterThan(100);
  });

  it('lists the events of a box selection as the API does, and opens one in the event display', async () => {
    const drag = async (x0: number, x1: number) => {
      const plane = await plotArea('#analysis-plane');
      await page.mouse.move(plane.x + (x0 / 100) * plane.width, plane.y + 2);
      await page.mouse.down();
      await page.mouse.move(plane.x + (x1 / 100) * plane.width, plane.y + plane.height / 2, { steps: 5 });
      await page.mouse.move(plane.x + (x1 / 100) * plane.width, plane.y + plane.height - 2, { steps: 5 });
      // uPlot takes the cursor position once per animation frame
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.mouse.up();
      await page.waitForFunction(() => /[?&]box=/.test(location.hash) && document.body.dataset.ready === location.hash);
    };
    await drag(20, 40);
    const box = new URLSearchParams(page.url().split('?')[1]).get('box')?.split(':').map(Number) ?? [];
    expect(box[0]).toBeCloseTo(20, 0);
    expect(box[1]).toBeCloseTo(40, 0);
    const reply = await api<{ total: number; rows: [string, string, string, number, number][] }>(
      `/api/analysis/events-in-box?cuts=cuts.yaml&xlo=${box[0]}&xhi=${box[1]}&ylo=${box[2]}&yhi=${box[3]}`,
    );
    expect(reply.total).toBeGreaterThan(0);
    expect(await page.textContent('#box-total')).toBe(String(reply.total));
    const links = await page.$$eval('#box-events a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(reply.rows.map(([run, , n]) => `#/run/${run}/event/${n}`));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-analysis.png'), fullPage: true });

    // the plane as a PNG file carries the same provenance as the page's API replies
    const png = Buffer.from(
      await (
        await fetch(new URL((await page.getAttribute('#analysis-plane-title .download-png', 'href')) ?? '', url))
      ).arrayBuffer(),
    );
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.includes(Buffer.from('"name":"wimp"'))).toBe(true);

    // the N−1 link of a cut histograms everything but that cut
    await page.click('#cutflow tr[data-cut="drift"] a');
    await settled();
    expect(page.url()).toContain('without=drift');
    expect(await page.textContent('#n-minus-one')).toContain('all cuts but drift');

    // a box over the blinded band lists nothing
    await drag(46, 54);
    expect(await page.textContent('#box-total')).toBe('0');

    // back to the first box by its permalink, then follow an event link to the event display's route
    await page.goto(`${url}#/analysis?cuts=cuts.yaml&xrange=0:100&yrange=0:12000&box=${box.join(':')}`);
    await settled();
    await page.waitForSelector('#box-events a');
    await page.click('#box-events a');
    await page.waitForFunction(() => location.hash.startsWith('#/run/'));
    expect(parseRoute(new URL(page.url()).hash)).toMatchObject({
      page: 'event',
      run: reply.rows[0][0],
      event: Number(reply.rows[0][2]),
    });
  });

  it("shows the API's message for a malformed expression or a query that would unblind, the other panels drawn", async () => {
    for (const expr of ['cs1 +', "(SELECT max(cs1) FROM read_parquet('x.parquet'))"]) {
      await page.goto(`${url}#/analysis?cuts=cuts.yaml&expr=${encodeURIComponent(expr)}`);
      await settled();
      const reply = await fetch(new URL(`/api/analysis/hist?cuts=cuts.yaml&expr=${encodeURIComponent(expr)}`, url));
      expect(reply.status).toBe(400);
      expect(await page.textContent('#hist-error')).toBe((await reply.json()).error);
      expect(await page.locator('#cutflow').count()).toBe(1);
      expect(await page.locator('#analysis-plane canvas').count()).toBe(1);
    }
  });
});
