import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventReply } from '@dance/api';
import { createServer, type DanceServer } from '@dance/server';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shown } from '../src/event/tables.js';
import { CHROMIUM, launchChromium } from './browser.js';

// The event display in Debian's Chromium over the real server and a processed simulated run.
// The app is built into its own directory: e2e.test.ts builds dist/app at the same time.
const WEB = fileURLToPath(new URL('..', import.meta.url));
const APP = join(WEB, 'dist/event-e2e');
const ARTIFACTS = join(WEB, '../../artifacts');
const haveBrowser = existsSync(CHROMIUM);
const SIM_RUN = 'kr-001';

/**
 * The server tests' workspace, simulated and processed to events by the dance CLI. Imported at
 * run time by path: it lies outside this package's sources, so the type checker must not follow it.
 */
interface Fixtures {
  EVENT_TABLE: string;
  eventWorkspace(dir: string): Promise<Parameters<typeof createServer>[0]['workspace']>;
}
const FIXTURES = new URL('../../server/test/demo-workspace.ts', import.meta.url).href;

let dir: string;
let server: DanceServer;
let url: string;
let context: BrowserContext;
let page: Page;
let eventTable: string;

async function api<T>(path: string): Promise<T> {
  return (await fetch(new URL(path, url))).json() as Promise<T>;
}

async function settled(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === (location.hash || '#/runs'));
}

/** Pixels of a canvas that are neither white nor transparent: a blank canvas has none. */
function inkedPixels(id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
      0,
      0,
      canvas.width,
      canvas.height,
    ).data;
    let inked = 0;
    for (let k = 0; k < pixels.length; k += 4) {
      if (pixels[k + 3] > 0 && (pixels[k] < 240 || pixels[k + 1] < 240 || pixels[k + 2] < 240)) inked++;
    }
    return inked;
  }, id);
}

/** The event the page shows, once it has changed from `before`. */
async function shownEvent(before?: string): Promise<string> {
  await page.waitForFunction((b) => {
    const n = document.querySelector<HTMLElement>('.page')?.dataset.event;
    return n !== undefined && n !== b && document.body.dataset.ready === location.hash;
  }, before);
  return (await page.getAttribute('.page', 'data-event')) ?? '';
}

describe.skipIf(!haveBrowser && process.env.CI !== 'true')('event display in Chromium', () => {
  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
    dir = mkdtempSync(join(tmpdir(), 'dance-event-display-'));
    const fixtures = (await import(FIXTURES)) as Fixtures;
    eventTable = fixtures.EVENT_TABLE;
    const workspace = await fixtures.eventWorkspace(join(dir, 'ws'));
    await build({ root: WEB, logLevel: 'error', build: { outDir: APP, emptyOutDir: true } });
    server = await createServer({ workspace, webRoot: APP });
    url = await server.listen();
    context = await launchChromium(dir);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('goes from the runs list to the run and its first event, every panel drawn, numbers as the API gives them', async () => {
    await page.goto(`${url}#/runs`);
    await settled();
    await page.click(`#runs a[href="#/run/${SIM_RUN}"]`);
    await settled();
    await page.click(`#products tr[data-product^="${eventTable}/"] a.event-link`);
    const first = await shownEvent();
    expect(first).toBe('0');
    const detail = await api<EventReply>(`/api/runs/${SIM_RUN}/events/0`);
    expect(new URL(page.url()).hash).toBe(`#/run/${SIM_RUN}/event/0?lineage=${detail.product.lineage}`);

    for (const id of ['event-sum', 'zoom-s1', 'zoom-s2', 'event-matrix']) {
      expect(await inkedPixels(id), id).toBeGreaterThan(2000);
    }
    for (const id of ['hit-s1-top', 'hit-s1-bottom', 'hit-s2-top', 'hit-s2-bottom']) {
      expect(await inkedPixels(id), id).toBeGreaterThan(500);
    }
    // the quantities physicists read off the display, as the API has them
    const quantities = ['s1_area', 's2_area', 'drift_time', 'cs1', 'cs2', 's2_x', 's2_y'];
    const present = quantities.filter((q) => q in detail.event);
    expect(present).toEqual(expect.arrayContaining(['s1_area', 's2_area', 'drift_time']));
    for (const q of present) {
      expect(await page.textContent(`#${q.replaceAll('_', '-')}`), q).toBe(shown(detail.event[q]));
      expect(await page.textContent(`#ev-${q}`), q).toBe(shown(detail.event[q]));
    }
    // the peak table: every peak of the window, the main S1 and S2 where the API puts them
    expect(await page.locator('#event-peaks tbody tr').count()).toBe(detail.peaks.length);
    for (const role of ['s1', 's2']) {
      const peak = detail.peaks.find((p) => p.role === role);
      expect(await page.getAttribute(`#event-peaks tr[data-role="${role}"]`, 'data-index')).toBe(String(peak?.index));
    }
    for (const p of detail.peaks) {
      const cells = await page.locator(`#event-peaks tr[data-index="${p.index}"] td`).allTextContents();
      expect(cells[5]).toBe(shown(p.area));
      expect(cells.slice(9)).toEqual([shown(p.x), shown(p.y)]);
    }
    expect(await page.locator('#truth tbody tr').count()).toBe(detail.truth?.interactions.length);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'event-display.png'), fullPage: true });
  });

  it('steps to the next and previous event with n/p and the arrows, the URL a permalink', async () => {
    const zero = await api<EventReply>(`/api/runs/${SIM_RUN}/events/0`);
    expect(zero.next).toBe(1);
    await page.keyboard.press('n');
    expect(await shownEvent('0')).toBe('1');
    expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/run/${SIM_RUN}/event/1\\b`));
    const one = await api<EventReply>(`/api/runs/${SIM_RUN}/events/1`);
    expect(await page.textContent('#s2-area')).toBe(shown(one.event.s2_area));
    await page.keyboard.press('ArrowRight');
    expect(await shownEvent('1')).toBe('2');
    await page.keyboard.press('p');
    expect(await shownEvent('2')).toBe('1');
    await page.keyboard.press('ArrowLeft');
    expect(await shownEvent('1')).toBe('0');
    // before the first event there is none: p keeps the page
    await page.keyboard.press('p');
    await page.waitForTimeout(200);
    expect(await page.getAttribute('.page', 'data-event')).toBe('0');

    const permalink = `${url}#/run/${SIM_RUN}/event/1`;
    await page.goto('about:blank');
    await page.goto(permalink);
    expect(await shownEvent()).toBe('1');
    expect(await page.textContent('#s1-area')).toBe(shown(one.event.s1_area));
  });

  it('opens an event from the rows of its table', async () => {
    const zero = await api<EventReply>(`/api/runs/${SIM_RUN}/events/0`);
    const { type, lineage } = zero.product;
    await page.goto(`${url}#/run/${SIM_RUN}/rows?type=${type}&lineage=${lineage}`);
    await settled();
    await page.click(`#rows a[href^="#/run/${SIM_RUN}/event/2?"]`);
    expect(await shownEvent()).toBe('2');
  });

  it("shows the API's message for an unknown event", async () => {
    const { total } = await api<EventReply>(`/api/runs/${SIM_RUN}/events/0`);
    const res = await fetch(new URL(`/api/runs/${SIM_RUN}/events/${total + 5}`, url));
    expect(res.status).toBe(404);
    await page.goto(`${url}#/run/${SIM_RUN}/event/${total + 5}`);
    await settled();
    expect(await page.textContent('#error')).toBe((await res.json()).error);
  });
});
