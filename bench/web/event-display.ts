/**
 * Event display benchmark: in Debian's Chromium, the event display stepped through a simulated run's
 * events with `n` on the 494-PMT xenon-demo detector: the time to fetch an event (JSON) and its
 * records and peak windows (Arrow IPC), then from the data arriving to every panel drawn (summed
 * waveform, S1/S2 zooms, records matrix, four hit patterns, tables), against the 300 ms.
 * Beside it, the API alone: GET /api/runs/:run/events/:n over loopback.
 *
 *   npx tsc -b && npm run build -w @dance/web && npx tsx bench/web/event-display.ts [seconds=2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '@dance/server';
import { eventWorkspace, SIM_RUN } from '../../packages/server/test/demo-workspace.js';
import { launchChromium } from '../../packages/web/test/browser.js';

const seconds = Number(process.argv[2] ?? 2);
const REPS = 30;
const dir = mkdtempSync(join(tmpdir(), 'dance-bench-event-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const server = await createServer({ workspace: await eventWorkspace(join(dir, 'ws'), seconds) });
  const url = await server.listen();
  const { total } = (await (await fetch(new URL(`/api/runs/${SIM_RUN}/events/0`, url))).json()) as { total: number };
  const steps = Math.min(REPS, total - 1);

  const api: number[] = [];
  for (let n = 0; n <= steps; n++) {
    const t = performance.now();
    await (await fetch(new URL(`/api/runs/${SIM_RUN}/events/${n}`, url))).json();
    if (n > 0) api.push(performance.now() - t); // the first request opens the DuckDB session
  }

  const context = await launchChromium(dir);
  const page = context.pages()[0] ?? (await context.newPage());
  const fetchMs: number[] = [];
  const renderMs: number[] = [];
  await page.goto(`${url}#/run/${SIM_RUN}/event/0`);
  for (let n = 0; n <= steps; n++) {
    await page.waitForFunction(
      (want) => document.querySelector<HTMLElement>('.page')?.dataset.event === String(want),
      n,
      { timeout: 20_000 },
    );
    fetchMs.push(Number(await page.getAttribute('.page', 'data-fetch-ms')));
    renderMs.push(Number(await page.getAttribute('.page', 'data-render-ms')));
    if (n < steps) await page.keyboard.press('n');
  }
  const channels = await page.evaluate(() => document.getElementById('event-matrix')?.getAttribute('height'));
  await context.close();
  await server.close();
  console.log(
    `${seconds} s of Kr-83m, ${total} events, 494 PMTs, matrix canvas ${channels} px high; medians over ${steps} events`,
  );
  console.log(`GET /api/runs/:run/events/:n                ${median(api).toFixed(1)} ms`);
  console.log(`browser: fetch event + records + peaks       ${median(fetchMs).toFixed(1)} ms`);
  console.log(
    `browser: data arrived → all panels drawn     ${median(renderMs).toFixed(1)} ms (max ${Math.max(...renderMs).toFixed(1)} ms; budget 300 ms: ${(300 / median(renderMs)).toFixed(0)}x margin)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
