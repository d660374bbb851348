import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './browser.js';

// The browser test drives the real thing: the built `dance` CLI simulates a run and serves it, the
// web app is built with Vite, and Debian's Chromium (never a downloaded one) loads it.
const WEB = fileURLToPath(new URL('..', import.meta.url));
const REPO = join(WEB, '../..');
const DANCE = join(REPO, 'packages/cli/dist/src/main.js');
const ARTIFACTS = join(REPO, 'artifacts');
const haveBrowser = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';

let dir: string;
let server: ChildProcess | undefined;
let url: string;
let context: BrowserContext;
let page: Page;

/** Runs the built CLI; the e2e test uses only what a user has. */
function dance(...args: string[]): string {
  return execFileSync(process.execPath, [DANCE, ...args], { encoding: 'utf8', cwd: dir });
}

async function api<T>(path: string): Promise<T> {
  return (await fetch(new URL(path, url))).json() as Promise<T>;
}

/** Waits until the app has finished rendering the current hash. */
async function settled(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === (location.hash || '#/runs'));
}

/** How many pixels of a canvas differ from white/transparent: a blank canvas has none. */
function inkedPixels(id: string, margin = 1): Promise<number> {
  return page.evaluate(
    ({ canvasId, m }) => {
      const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
      const g = canvas.getContext('2d') as CanvasRenderingContext2D;
      // with a margin, skip the axis frame and labels: count only the inside of the plot
      const pixels = g.getImageData(52 * m, 12 * m, canvas.width - 64 * m, canvas.height - 36 * m).data;
      let inked = 0;
      for (let k = 0; k < pixels.length; k += 4) {
        if (pixels[k + 3] > 0 && (pixels[k] < 240 || pixels[k + 1] < 240 || pixels[k + 2] < 240)) inked++;
      }
      return inked;
    },
    { canvasId: id, m: margin },
  );
}

describe.skipIf(!haveBrowser && !inCi)('web app in Chromium', () => {
  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
    if (!existsSync(DANCE)) throw new Error(`${DANCE} is missing: run npx tsc -b first`);
    dir = mkdtempSync(join(tmpdir(), 'dance-web-'));
    dance('init', 'ws');
    dance(
      '--workspace',
      'ws',
      'sim',
      '--run',
      'kr-001',
      '--duration',
      '1',
      '--rate',
      '20',
      '--chunk',
      '0.5',
      '--seed',
      '3',
    );
    // processing to peaklets (records + peaklets in the store) gives the waveform view its peaks
    dance('--workspace', 'ws', 'process', 'kr-001', '--target', 'records');
    dance('--workspace', 'ws', 'process', 'kr-001', '--target', 'peaklets');
    await build({ root: WEB, logLevel: 'error', build: { outDir: join(WEB, 'dist/app'), emptyOutDir: true } });
    server = spawn(process.execPath, [DANCE, '--workspace', 'ws', 'serve', '--port', '0'], { cwd: dir });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server?.stdout?.on('data', (chunk) => {
        out += chunk;
        const found = /(http:\/\/\S+\/)/.exec(out);
        if (found) resolve(found[1]);
      });
      server?.stderr?.on('data', (chunk) => reject(new Error(`dance serve: ${chunk}`)));
      server?.on('exit', (code) => reject(new Error(`dance serve exited with ${code}: ${out}`)));
    });
    context = await launchChromium(dir);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await context?.close();
    server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists runs as the API does, sorts, filters and shows filter errors', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(`${url}#/runs`);
    await settled();
    const { runs } = await api<{ runs: { id: string; start: string }[] }>('/api/runs');
    expect(await page.textContent('#run-count')).toBe(String(runs.length));
    expect(await page.locator('#runs tbody tr').count()).toBe(1);
    expect(await page.textContent('#runs tbody tr td:nth-child(1)')).toBe('kr-001');
    await page.click('th[data-sort="id"]');
    await settled();
    expect(page.url()).toContain('sort=id');
    expect(await page.getAttribute('th[data-sort="id"]', 'aria-sort')).toBe('ascending');

    await page.fill('input[name=where]', 'drift_field >');
    await page.click('#run-filter button');
    await settled();
    const bad = await fetch(new URL(`/api/runs?where=${encodeURIComponent('drift_field >')}`, url));
    expect(bad.status).toBe(400);
    expect(await page.textContent('#error')).toBe((await bad.json()).error);

    await page.fill('input[name=where]', "source = 'kr83m'");
    await page.click('#run-filter button');
    await settled();
    expect(await page.textContent('#run-count')).toBe('1');

    await page.fill('input[name=tag]', 'calibration');
    await page.click('#run-filter button');
    await settled();
    expect(page.url()).toContain('tag=calibration');
    const tagged = await api<{ runs: unknown[] }>(
      `/api/runs?tag=calibration&where=${encodeURIComponent("source = 'kr83m'")}`,
    );
    expect(await page.textContent('#run-count')).toBe(String(tagged.runs.length));
    await page.fill('input[name=tag]', '');
    await page.click('#run-filter button');
    await settled();
  });

  it('goes from the runs list to the run page with metadata, products, provenance and files', async () => {
    await page.click('#runs a[href="#/run/kr-001"]');
    await settled();
    const run = await api<{ source: string; metadata: { seed: number } }>('/api/runs/kr-001');
    expect(await page.textContent('#metadata td[data-key="source"]')).toBe(run.source);
    expect(await page.textContent('#metadata td[data-key="seed"]')).toBe(String(run.metadata.seed));
    const { products } = await api<{ products: { type: string; lineage: string; rows: number }[] }>(
      '/api/runs/kr-001/products',
    );
    expect(await page.locator('#products tbody tr').count()).toBe(products.length);
    const raw = products.find((p) => p.type === 'raw_records');
    expect(await page.textContent(`#products tr[data-product="raw_records/${raw?.lineage}"] td:nth-child(3)`)).toBe(
      String(raw?.rows),
    );
    await page.click('#products tr[data-product^="raw_records/"] td:first-child a');
    await settled();
    expect(page.url()).toContain(`product=raw_records%2F${raw?.lineage}`);
    expect(await page.textContent('#provenance')).toContain('dance sim');
    expect(await page.locator('#files tr').count()).toBeGreaterThan(1);
  });

  it('draws the waveform view, matches the API, navigates by keyboard and keeps permalinks', async () => {
    await page.click('#products tr[data-product^="raw_records/"] a.waveform-link');
    await settled();
    const view = async () => (await page.getAttribute('.page', 'data-view'))?.split('/') ?? [];
    const [start, width] = await view();
    const { products } = await api<{ products: { type: string; lineage: string }[] }>('/api/runs/kr-001/products');
    const raw = products.find((p) => p.type === 'raw_records');
    const window = await fetch(
      new URL(
        `/api/runs/kr-001/products/raw_records/${raw?.lineage}/data?start=${start}&end=${BigInt(start) + BigInt(width)}&columns=channel`,
        url,
      ),
    );
    expect(await page.textContent('#n-records')).toBe(window.headers.get('x-dance-rows'));
    expect(Number(await page.textContent('#n-records'))).toBeGreaterThan(0);
    expect(Number(await page.textContent('#n-peaks'))).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-waveform.png'), fullPage: true });
    expect(await inkedPixels('sum')).toBeGreaterThan(500);
    expect(await inkedPixels('matrix')).toBeGreaterThan(20);

    await page.keyboard.press('n');
    await page.waitForFunction(
      (before) => document.querySelector<HTMLElement>('.page')?.dataset.view?.split('/')[0] !== before,
      start,
    );
    await settled();
    const [next] = await view();
    expect(BigInt(next)).toBeGreaterThan(BigInt(start) + BigInt(width) - BigInt(Number(width) / 10) - 1n);

    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(
      (before) => document.querySelector<HTMLElement>('.page')?.dataset.view?.split('/')[0] !== before,
      next,
    );
    await settled();
    const [back] = await view();
    expect(BigInt(back)).toBe(BigInt(next) - BigInt(width));

    await page.keyboard.press('+');
    await page.waitForFunction(
      (before) => document.querySelector<HTMLElement>('.page')?.dataset.view?.split('/')[1] !== before,
      width,
    );
    await settled();
    const [zoomed, narrower] = await view();
    expect(Number(narrower)).toBe(Number(width) / 2);
    expect(BigInt(zoomed)).toBe(BigInt(back) + BigInt(Number(width) / 4));

    const permalink = page.url();
    const shown = await page.textContent('#n-records');
    await page.goto('about:blank');
    await page.goto(permalink);
    await settled();
    expect(await view()).toEqual([zoomed, narrower]);
    expect(await page.textContent('#n-records')).toBe(shown);
  });

  it('draws processed records with the peaklets the API holds for the window', async () => {
    await page.goto(`${url}#/run/kr-001/waveform?type=records`);
    await settled();
    expect(await page.textContent('h2')).toContain('records');
    expect(await page.textContent('h2')).not.toContain('raw_records');
    const [start, width] = ((await page.getAttribute('.page', 'data-view')) ?? '').split('/');
    const { products } = await api<{ products: { type: string; lineage: string }[] }>('/api/runs/kr-001/products');
    const peaklets = products.find((p) => p.type === 'peaklets');
    const window = await fetch(
      new URL(
        `/api/runs/kr-001/products/peaklets/${peaklets?.lineage}/data?start=${start}&end=${BigInt(start) + BigInt(width)}&columns=type`,
        url,
      ),
    );
    expect(await page.textContent('#n-peaks')).toBe(window.headers.get('x-dance-rows'));
    expect(Number(await page.textContent('#n-peaks'))).toBeGreaterThan(0);
    expect(await page.locator('#peaks tr').count()).toBe(Number(window.headers.get('x-dance-rows')) + 1);
    expect(await inkedPixels('sum')).toBeGreaterThan(500);
    expect(await inkedPixels('matrix')).toBeGreaterThan(20);
    // hit patterns of the largest peaklet(s), on the detector the API describes
    const detector = await api<{ channels: number }>('/api/runs/kr-001/detector');
    expect(detector.channels).toBe(494);
    expect(await inkedPixels('hit-top-0', 0)).toBeGreaterThan(200);
    expect(await inkedPixels('hit-bottom-0', 0)).toBeGreaterThan(200);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-records-peaklets.png'), fullPage: true });
    await page.keyboard.press('n');
    await page.waitForFunction(
      (before) => document.querySelector<HTMLElement>('.page')?.dataset.view?.split('/')[0] !== before,
      start,
    );
    await settled();
    expect(BigInt(((await page.getAttribute('.page', 'data-view')) ?? '').split('/')[0])).toBeGreaterThan(
      BigInt(start),
    );
  });

  it('pages through a table product with a server-side filter and opens a row in the waveform view', async () => {
    await page.goto(`${url}#/run/kr-001`);
    await settled();
    await page.click('#products tr[data-product^="truth_peaks/"] a.rows-link');
    await settled();
    const { products } = await api<{ products: { type: string; lineage: string }[] }>('/api/runs/kr-001/products');
    const truth = products.find((p) => p.type === 'truth_peaks');
    const rows = (q: string) =>
      api<{ total: number }>(`/api/runs/kr-001/products/truth_peaks/${truth?.lineage}/rows?${q}`);
    const all = await rows('limit=1');
    expect(await page.textContent('#rows-total')).toBe(String(all.total));
    expect(all.total).toBeGreaterThan(50);
    expect(await page.textContent('#rows-range')).toBe('1–50');
    await page.keyboard.press('j');
    await page.waitForFunction(() => document.getElementById('rows-range')?.textContent?.startsWith('51'));
    await settled();
    expect(await page.textContent('#rows-range')).toBe(`51–${Math.min(100, all.total)}`);

    await page.fill('input[name=where]', 'type = 1');
    await page.fill('input[name=columns]', 'time, area, type');
    await page.click('#rows-filter button');
    await settled();
    const s1 = await rows(`where=${encodeURIComponent('type = 1')}&limit=1`);
    expect(await page.textContent('#rows-total')).toBe(String(s1.total));
    expect(await page.$$eval('#rows th', (th) => th.map((e) => e.textContent))).toEqual(['time', 'area', 'type']);
    expect(new URL(page.url()).hash).toContain('columns=time%2Carea%2Ctype');
    await page.click('#rows tbody tr:first-child a');
    await settled();
    expect(new URL(page.url()).hash).toMatch(/^#\/run\/kr-001\/waveform\?/);
    expect(Number(await page.textContent('#n-records'))).toBeGreaterThan(0);
  });

  it('shows the API message for an unknown run', async () => {
    await page.goto(`${url}#/run/kr-01`);
    await settled();
    expect(await page.textContent('#error')).toBe("unknown run 'kr-01'; did you mean kr-001?");
  });

  it('dance serve refuses a bad or busy port with exit 1 and a message', () => {
    const serve = (port: string) =>
      spawnSync(process.execPath, [DANCE, '--workspace', 'ws', 'serve', '--port', port], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 10_000,
      });
    const bad = serve('99999');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--port: '99999' must be an integer from 0 to 65535");
    const busy = serve(new URL(url).port);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`--port: ${new URL(url).port} is in use on 127.0.0.1; try --port 0`);
  });
});
