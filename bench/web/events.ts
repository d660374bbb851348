/**
 * Event-list paging over a million events: GET .../rows (first page, a deep page, a filtered page)
 * through `dance serve`, against the same SELECT run directly in a @dance/analysis DuckDB session;
 * then the event display's routes: the event list and one event looked up by its number.
 * The events are @dance/analysis's synthetic rows of the chain's event_info type.
 *
 *   npx tsc -b && npx tsx bench/web/events.ts [events=1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisSession, selectProducts, syntheticEventInfo } from '@dance/analysis';
import { openCatalog } from '@dance/catalog';
import { createServer } from '@dance/server';
import { Store } from '@dance/store';
import { initWorkspace } from '@dance/workspace';

const n = Number(process.argv[2] ?? 1_000_000);
const REPS = 20;
const START = 1_767_225_600_000_000_000n;
const dir = mkdtempSync(join(tmpdir(), 'dance-bench-events-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  await work();
  const ms: number[] = [];
  for (let k = 0; k < REPS; k++) {
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

try {
  const ws = initWorkspace(join(dir, 'ws'), { name: 'bench' });
  const store = new Store(ws.dataDir);
  const key = { run: 'ev-001', type: 'event_info', lineage: 'synthetic000' };
  const events = syntheticEventInfo(n, START);
  const writer = store.writer(key, events.schema);
  const chunk = 100_000;
  for (let i = 0; i < n; i += chunk) await writer.write(events.slice(i, Math.min(n, i + chunk)));
  const manifest = await writer.commit();
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  await catalog.recordManifest(manifest, { run: { id: key.run, number: 1, start: START } });
  await catalog.close();

  const server = await createServer({ workspace: ws });
  const url = await server.listen();
  const session = await AnalysisSession.open(
    { memoryLimit: '1GB', tempDir: join(dir, 'tmp') },
    selectProducts(store, '', [key.run], [key.type], key.lineage).tables,
    [],
  );
  const filter = 'cs1 > 50 and s2_area > 1000';
  const pages: [string, string, string][] = [
    ['first page (100 events)', 'limit=100', ''],
    ['page at offset 900 000', `limit=100&offset=${Math.floor(n * 0.9)}`, ` OFFSET ${Math.floor(n * 0.9)}`],
    [`filtered: ${filter}`, `limit=100&where=${encodeURIComponent(filter)}`, ''],
  ];
  console.log(`${n} events in ${manifest.chunks.length} Parquet chunks; medians of ${REPS}`);
  for (const [label, query, offset] of pages) {
    const where = query.includes('where') ? ` WHERE (${filter})` : '';
    const api = await timeMs(() =>
      fetch(new URL(`/api/runs/${key.run}/products/${key.type}/${key.lineage}/rows?${query}`, url)).then((r) =>
        r.json(),
      ),
    );
    const duckdb = await timeMs(async () => {
      await session.all(`SELECT count(*) FROM event_info${where}`);
      await session.all(`SELECT * FROM event_info${where} ORDER BY time LIMIT 100${offset}`);
    });
    console.log(
      `${label.padEnd(46)} API ${api.toFixed(1)} ms, DuckDB alone ${duckdb.toFixed(1)} ms (ratio ${(api / duckdb).toFixed(2)})`,
    );
  }
  // the event display's routes over the same events: the list, and one event found by its number
  for (const [label, path] of [
    ['GET /api/runs/:run/events (first page)', `/api/runs/${key.run}/events?limit=100`],
    ['GET /api/runs/:run/events/:n (n = 500 000)', `/api/runs/${key.run}/events/${Math.floor(n / 2)}`],
  ]) {
    const status = (await fetch(new URL(path, url))).status;
    if (status !== 200) throw new Error(`${path}: HTTP ${status}`);
    const api = await timeMs(() => fetch(new URL(path, url)).then((r) => r.json()));
    console.log(`${label.padEnd(46)} API ${api.toFixed(1)} ms`);
  }
  session.close();
  await server.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
