/**
 * Histogram-with-cuts over stored event_info Parquet (synthetic events): DANCE's analysis session (blinded views,
 * cut file, SQL binning) against the same query written by hand in raw DuckDB, in the same run.
 *   npx tsc -b && npx tsx bench/analysis/scan.ts [--rows 1000000] [--factor 10] [--threads 1] [--memory 512MB]
 * Two data sizes (rows, rows × factor); each query runs 5 times (alternating) in its own process, so peak RSS is
 * per query. GB/s counts the uncompressed bytes of the 5 float32 columns read (20 B/row) per core.
 * Goals (issue 8): overhead ≤ 10 % over raw DuckDB, ≥ 0.5 GB/s per core, peak RSS < 1 GB and flat
 * across the two sizes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  AnalysisSession,
  allOf,
  histogram,
  loadCuts,
  selectProducts,
  syntheticEventInfo,
} from '../../packages/analysis/src/index.js';
import { eventInfo } from '../../packages/schema/src/index.js';
import { Store } from '../../packages/store/src/index.js';

const CUTS = `name: bench
version: 1
cuts:
  - name: fiducial
    expr: s2_x*s2_x + s2_y*s2_y < 1600
  - name: drift
    expr: drift_time BETWEEN 1e5 AND 1.8e6
  - name: cs2
    expr: cs2 > 200
`;
const AXIS = { label: 'cs1', bins: 100, lo: 0, hi: 200 };
const BYTES_PER_ROW = 5 * 4;
const CHUNK_ROWS = 1_000_000;
const REPEATS = 5;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    factor: { type: 'string', default: '10' },
    threads: { type: 'string', default: '1' },
    memory: { type: 'string', default: '512MB' },
    child: { type: 'string' },
    dir: { type: 'string' },
  },
});
const threads = Number(values.threads);

if (values.child) {
  // One measured query in a fresh process: prints {ms, rss, entries}.
  const dir = values.dir!;
  const t0 = performance.now();
  const entries = values.child === 'dance' ? await danceQuery(dir) : await rawQuery(dir);
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, entries }));
  process.exit(0);
}

async function danceQuery(dir: string): Promise<number> {
  const store = new Store(join(dir, 'data'));
  const runs = [...new Set(store.list().map((k) => k.run))];
  const selection = selectProducts(store, '', runs, ['event_info']);
  const session = await AnalysisSession.open(
    { memoryLimit: values.memory!, threads, tempDir: join(dir, 'tmp') },
    selection.tables,
    [],
  );
  const cuts = loadCuts(join(dir, 'cuts.yaml'));
  const h = await histogram(session, { table: 'event_info', axes: [AXIS], where: allOf(cuts.cuts) });
  session.close();
  return h.entries.reduce((a, b) => a + b, 0);
}

/** What a physicist would type into DuckDB directly: same files, same settings, same bins. */
async function rawQuery(dir: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: values.memory!,
    threads: String(threads),
    temp_directory: join(dir, 'tmp'),
  });
  const db = await instance.connect();
  const sql = `SELECT least(greatest(floor((cs1 - 0) / 200 * 100), -1), 100) AS b, count(*) AS n
    FROM read_parquet('${dir}/data/*/event_info-*/*.parquet')
    WHERE s2_x*s2_x + s2_y*s2_y < 1600 AND drift_time BETWEEN 1e5 AND 1.8e6 AND cs2 > 200 GROUP BY b`;
  const rows = (await db.runAndReadAll(sql)).getRowObjectsJS();
  db.closeSync();
  instance.closeSync();
  return rows.reduce((a, r) => a + Number(r.n), 0);
}

async function generate(dir: string, rows: number): Promise<void> {
  const store = new Store(join(dir, 'data'));
  writeFileSync(join(dir, 'cuts.yaml'), CUTS);
  const perRun = 5 * CHUNK_ROWS;
  for (let run = 0; run * perRun < rows; run++) {
    const inRun = Math.min(perRun, rows - run * perRun);
    const w = store.writer({ run: String(run).padStart(6, '0'), type: 'event_info', lineage: 'bench0' }, eventInfo);
    let t = 1_780_000_000_000_000_000n + BigInt(run) * 10n ** 14n;
    for (let done = 0; done < inRun; done += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, inRun - done);
      const batch = syntheticEventInfo(n, t, run * 1000 + done / CHUNK_ROWS + 1, done);
      t = (batch.columns.time as BigInt64Array)[batch.length - 1] + 1n;
      await w.write(batch);
    }
    await w.commit();
  }
}

type Measurement = { ms: number; rss: number; entries: number };

/** Raw and DANCE runs alternate, so page-cache state and machine load fall on both alike. */
function measureBoth(dir: string): { raw: Measurement; dance: Measurement } {
  const runs: Record<string, Measurement[]> = { raw: [], dance: [] };
  for (let i = 0; i < REPEATS; i++) {
    for (const kind of ['raw', 'dance']) {
      const args = [
        'tsx',
        import.meta.filename,
        '--child',
        kind,
        '--dir',
        dir,
        '--threads',
        String(threads),
        '--memory',
        values.memory!,
      ];
      runs[kind].push(JSON.parse(execFileSync('npx', args, { encoding: 'utf8' })));
    }
  }
  const summary = (ms: Measurement[]) => {
    const sorted = [...ms].sort((a, b) => a.ms - b.ms);
    return {
      ms: sorted[Math.floor(sorted.length / 2)].ms,
      rss: Math.max(...ms.map((r) => r.rss)),
      entries: ms[0].entries,
    };
  };
  return { raw: summary(runs.raw), dance: summary(runs.dance) };
}

const sizes = [Number(values.rows), Number(values.rows) * Number(values.factor)];
console.log(
  `histogram of cS1 with 3 cuts, ${threads} thread(s), memory_limit ${values.memory}; median of ${REPEATS} alternating runs, max RSS`,
);
console.log('rows\tengine\tms\tM rows/s\tGB/s/core\tpeak RSS MB\toverhead');
for (const rows of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'dance-bench-analysis-'));
  try {
    await generate(dir, rows);
    const { raw, dance } = measureBoth(dir);
    if (raw.entries !== dance.entries) throw new Error(`entries differ: raw ${raw.entries}, dance ${dance.entries}`);
    for (const [name, m] of [
      ['raw DuckDB', raw],
      ['DANCE', dance],
    ] as const) {
      const gbs = (rows * BYTES_PER_ROW) / (m.ms / 1e3) / 1e9 / threads;
      const over = name === 'DANCE' ? `${((100 * (dance.ms - raw.ms)) / raw.ms).toFixed(1)}%` : '';
      console.log(
        `${rows}\t${name}\t${m.ms.toFixed(0)}\t${(rows / m.ms / 1e3).toFixed(1)}\t${gbs.toFixed(2)}\t${(m.rss / 2 ** 20).toFixed(0)}\t${over}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
