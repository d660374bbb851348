/**
 * Web benchmark: latency of the API routes the web app calls, the Arrow IPC window against the JSON
 * arrays it replaces (size and encode time, same rows), and in Debian's Chromium the time from a
 * window's data arriving to its waveform and records matrix being drawn, stepping through events.
 *
 *   npx tsc -b && npm run build -w @dance/web && npx tsx bench/web/serve.ts [seconds=2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog } from '@dance/catalog';
import { createServer } from '@dance/server';
import { simulateRun } from '@dance/sim';
import { Store } from '@dance/store';
import { initWorkspace } from '@dance/workspace';
import { arrowStream } from '../../packages/server/src/arrow-ipc.js';
import { launchChromium } from '../../packages/web/test/browser.js';

const seconds = Number(process.argv[2] ?? 2);
const REPS = 30;
const dir = mkdtempSync(join(tmpdir(), 'dance-bench-web-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await work();
  return performance.now() - t;
}

try {
  const ws = initWorkspace(join(dir, 'ws'), { name: 'bench' });
  const store = new Store(ws.dataDir);
  const sim = await simulateRun(
    {
      detector: 'xenon-demo',
      source: { name: 'kr83m' },
      rateHz: 20,
      durationS: seconds,
      seed: 5,
      run: 'kr-001',
      danceVersion: 'bench',
      workers: 1,
    },
    store,
  );
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  for (const p of sim.products) {
    await catalog.recordManifest(store.manifest({ run: 'kr-001', type: p.type, lineage: sim.lineage }), {
      run: { id: 'kr-001', number: 1, start: 1_767_225_600_000_000_000n, mode: 'simulation', source: 'kr83m' },
    });
  }
  await catalog.close();
  const raw = { run: 'kr-001', type: 'raw_records', lineage: sim.lineage };
  const truth = await store.readAll({ ...raw, type: 'truth_peaks' }, { columns: ['type'] });
  const s1 = Array.from(truth.column('time') as BigInt64Array).filter((_, i) => truth.column('type')[i] === 1);

  const server = await createServer({ workspace: ws });
  const url = await server.listen();
  const get = (path: string) => fetch(new URL(path, url)).then((r) => r.arrayBuffer());
  const base = `/api/runs/kr-001/products/raw_records/${sim.lineage}`;
  const windowOf = (t: bigint) => `${base}/data?start=${t - 100_000n}&end=${t + 900_000n}`;
  const api: [string, () => Promise<unknown>][] = [
    ['GET /api/runs', () => get('/api/runs')],
    ['GET /api/runs/:run/products', () => get('/api/runs/kr-001/products')],
    ['GET 1 ms of raw_records (Arrow IPC)', () => get(windowOf(s1[Math.floor(Math.random() * s1.length)]))],
  ];
  console.log(`${seconds} s of Kr-83m, 494 PMTs: ${s1.length} S1s; medians of ${REPS}`);
  for (const [label, work] of api) {
    await work();
    const ms: number[] = [];
    for (let k = 0; k < REPS; k++) ms.push(await time(work));
    console.log(`${label.padEnd(40)} ${median(ms).toFixed(1)} ms`);
  }

  // the compact form against the JSON arrays it replaces, on the same windows
  const arrow: number[] = [];
  const json: number[] = [];
  let arrowBytes = 0;
  let jsonBytes = 0;
  for (const t of s1.slice(0, REPS)) {
    const batch = await store.readAll(raw, { start: t - 100_000n, end: t + 900_000n });
    arrow.push(await time(() => (arrowBytes += arrowStream(batch).byteLength)));
    json.push(
      await time(() => {
        const columns = Object.fromEntries(
          batch.schema.fields.map((f) => [
            f.name,
            Array.from(batch.column(f.name) as ArrayLike<number | bigint>, String),
          ]),
        );
        jsonBytes += Buffer.byteLength(JSON.stringify(columns));
      }),
    );
  }
  console.log(
    `encode a 1 ms window: Arrow ${median(arrow).toFixed(2)} ms, ${(arrowBytes / REPS / 1e3).toFixed(0)} kB; JSON arrays ${median(json).toFixed(2)} ms, ${(jsonBytes / REPS / 1e3).toFixed(0)} kB (Arrow ${(median(json) / median(arrow)).toFixed(1)}x faster, ${(jsonBytes / arrowBytes).toFixed(1)}x smaller)`,
  );

  const context = await launchChromium(dir);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}#/run/kr-001/waveform?type=raw_records`);
  const fetchMs: number[] = [];
  const renderMs: number[] = [];
  for (let k = 0; k < Math.min(REPS, s1.length - 1); k++) {
    await page
      .waitForFunction(() => document.body.dataset.ready === location.hash && location.hash.includes('start='), null, {
        timeout: 10_000,
      })
      .catch(() => undefined);
    const view = await page.getAttribute('.page', 'data-view');
    fetchMs.push(Number(await page.getAttribute('.page', 'data-fetch-ms')));
    renderMs.push(Number(await page.getAttribute('.page', 'data-render-ms')));
    await page.keyboard.press('n');
    await page.waitForFunction((before) => document.querySelector<HTMLElement>('.page')?.dataset.view !== before, view);
  }
  await context.close();
  await server.close();
  console.log(
    `browser, ${renderMs.length} events: fetch + decode ${median(fetchMs).toFixed(1)} ms, bin + draw ${median(renderMs).toFixed(1)} ms (budget 300 ms: ${(300 / median(renderMs)).toFixed(0)}x margin)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
