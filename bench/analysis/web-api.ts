/**
 * The web Analysis page's API (/api/analysis/*) over stored event_info: the latency of each request the
 * page makes (each opens its own blinded DuckDB session, loads the cut file, answers with provenance)
 * against the same aggregation by hand in raw DuckDB on an open connection, in the same run.
 *   npx tsx bench/analysis/web-api.ts [--events 200000]   (events per run, two runs)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { syntheticEventInfo } from '../../packages/analysis/src/index.js';
import { openCatalog } from '../../packages/catalog/src/index.js';
import { createServer } from '../../packages/server/src/index.js';
import { Store } from '../../packages/store/src/index.js';
import { initWorkspace, openWorkspace } from '../../packages/workspace/src/index.js';

const REPEATS = 7;
const CUTS = 's2_x*s2_x + s2_y*s2_y < 1600 AND drift_time > 1e5';
const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' } } });
const perRun = Number(values.events);

const dir = mkdtempSync(join(tmpdir(), 'dance-bench-analysis-api-'));
try {
  const root = join(dir, 'ws');
  initWorkspace(root, { name: 'bench' });
  writeFileSync(join(root, 'dance.yaml'), 'analysis:\n  memory_limit: 512MB\n  threads: 1\n', { flag: 'a' });
  writeFileSync(
    join(root, 'cuts.yaml'),
    `name: bench\nversion: 1\ncuts:\n  - name: fiducial\n    expr: s2_x*s2_x + s2_y*s2_y < 1600\n  - name: drift\n    expr: drift_time > 1e5\n`,
  );
  const ws = openWorkspace(root);
  await (await openCatalog(ws.catalogUrl, { base: ws.root })).close();
  const store = new Store(ws.dataDir);
  for (const [i, run] of ['000001', '000002'].entries()) {
    const rows = syntheticEventInfo(perRun, 1_780_000_000_000_000_000n + BigInt(i) * 10n ** 13n, i + 1);
    const w = store.writer({ run, type: 'event_info', lineage: 'bench' }, rows.schema);
    await w.write(rows);
    await w.commit();
  }
  const files = `'${ws.dataDir}/*/event_info-bench/*.parquet'`;
  const server = await createServer({ workspace: ws, webRoot: join(dir, 'none') });
  const db = await (await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB' })).connect();
  const bin = (x: string, lo: number, hi: number, n: number) =>
    `least(${n}, floor((${x} - ${lo}) / ${hi - lo} * ${n})::BIGINT + 1)`;
  const cases: [string, string, string][] = [
    [
      'cutflow',
      'cutflow?cuts=cuts.yaml',
      `SELECT count(*), count(*) FILTER (WHERE ${CUTS}) FROM read_parquet(${files})`,
    ],
    [
      'hist (range given)',
      'hist?cuts=cuts.yaml&expr=cs1&bins=100&lo=0&hi=200',
      `SELECT ${bin('cs1', 0, 200, 100)} b, count(*) FROM read_parquet(${files}) WHERE ${CUTS} GROUP BY b`,
    ],
    [
      'scatter (range given)',
      'scatter?cuts=cuts.yaml&xlo=0&xhi=200&ylo=0&yhi=15000',
      `SELECT ${bin('cs1', 0, 200, 100)} ix, ${bin('cs2', 0, 15000, 100)} iy, count(*) FROM read_parquet(${files}) WHERE ${CUTS} GROUP BY ix, iy`,
    ],
    [
      'events-in-box (100)',
      'events-in-box?cuts=cuts.yaml&xlo=20&xhi=40&ylo=0&yhi=1e5',
      `SELECT time, event_number, cs1, cs2, count(*) OVER () FROM read_parquet(${files}) WHERE ${CUTS} AND cs1 >= 20 AND cs1 < 40 ORDER BY time LIMIT 100`,
    ],
    ['hist as PNG', 'hist?cuts=cuts.yaml&expr=cs1&bins=100&lo=0&hi=200&format=png', ''],
  ];
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  console.log(`${2 * perRun} events in 2 runs, 1 thread; medians of ${REPEATS}`);
  console.log('request\tAPI ms\traw DuckDB ms\tratio');
  for (const [name, path, sql] of cases) {
    const api: number[] = [];
    const raw: number[] = [];
    for (let k = 0; k < REPEATS; k++) {
      let t = performance.now();
      const res = await server.app.inject({ method: 'GET', url: `/api/analysis/${path}` });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.body}`);
      api.push(performance.now() - t);
      if (!sql) continue;
      t = performance.now();
      await db.runAndReadAll(sql);
      raw.push(performance.now() - t);
    }
    const a = median(api);
    const r = raw.length ? median(raw) : Number.NaN;
    console.log(
      `${name}\t${a.toFixed(1)}\t${raw.length ? r.toFixed(1) : '-'}\t${raw.length ? (a / r).toFixed(2) : '-'}`,
    );
  }
  db.closeSync();
  await server.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
