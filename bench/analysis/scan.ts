/**
 * Histogram-with-cuts over stored event_info Parquet (synthetic events): DANCE's analysis session (blinded views,
 * cut file) filling the histogram with its typed-array scan and with SQL binning in DuckDB, against the same
 * query written by hand in raw DuckDB, in the same run.
 *   npx tsc -b && npx tsx bench/analysis/scan.ts [--rows 1000000] [--factor 10] [--threads 1] [--memory 512MB]
 * Two data sizes (rows, rows × factor); each query runs 5 times (alternating) in its own process, so peak RSS is
 * per query; times include opening the session (views, guard, cut file). GB/s counts the uncompressed bytes of
 * the 5 float32 columns read (20 B/row) per core of wall time; GB/cpu-s per second of the process's CPU time (all
 * threads), which a loaded machine distorts less.
 * Goals (issue 8): overhead ≤ 10 % over raw DuckDB, ≥ 0.5 GB/s per core, peak RSS < 1 GB and flat
 * across the two sizes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  AnalysisSession,
  allOf,
  type Histogram,
  histogramInDuckDB,
  histogramWithEngine,
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
  // One measured query in a fresh process: prints {ms, cpu, rss, entries}.
  const dir = values.dir!;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const entries = values.child === 'raw' ? await rawQuery(dir) : await danceQuery(dir, values.child === 'scan');
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ms, cpu: (cpu.user + cpu.system) / 1e3, rss, entries }));
  process.exit(0);
}

/** DANCE's histogram as `dance hist` fills it: the typed-array scan, or (scan false) binning in DuckDB. */
async function danceQuery(dir: string, scan: boolean): Promise<number> {
  const store = new Store(join(dir, 'data'));
  const runs = [...new Set(store.list().map((k) => k.run))];
  const selection = selectProducts(store, '', runs, ['event_info']);
  const session = await AnalysisSession.open(
    { memoryLimit: values.memory!, threads, tempDir: join(dir, 'tmp') },
    selection.tables,
    [],
  );
  const cuts = loadCuts(join(dir, 'cuts.yaml'));
  const q = { table: 'event_info', axes: [AXIS], where: allOf(cuts.cuts) };
  let h: Histogram;
  if (scan) {
    const r = await histogramWithEngine(session, q);
    if (r.engine !== 'typed-array scan') throw new Error(`the scan did not run: ${r.reason}`);
    h = r.histogram;
  } else h = await histogramInDuckDB(session, q);
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

type Measurement = { ms: number; cpu: number; rss: number; entries: number };
const ENGINES = { raw: 'raw DuckDB', dance: 'DANCE via DuckDB', scan: 'DANCE scan' } as const;
type Engine = keyof typeof ENGINES;

/** The three queries alternate, so page-cache state and machine load fall on all alike. */
function measureAll(dir: string): Record<Engine, Measurement> {
  const runs: Record<Engine, Measurement[]> = { raw: [], dance: [], scan: [] };
  for (let i = 0; i < REPEATS; i++) {
    for (const kind of Object.keys(ENGINES) as Engine[]) {
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
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = (ms: Measurement[]): Measurement => ({
    ms: median(ms.map((m) => m.ms)),
    cpu: median(ms.map((m) => m.cpu)),
    rss: Math.max(...ms.map((r) => r.rss)),
    entries: ms[0].entries,
  });
  return { raw: summary(runs.raw), dance: summary(runs.dance), scan: summary(runs.scan) };
}

const sizes = [Number(values.rows), Number(values.rows) * Number(values.factor)];
console.log(
  `histogram of cS1 with 3 cuts, ${threads} DuckDB thread(s), memory_limit ${values.memory}; median of ${REPEATS} alternating runs, max RSS; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('rows\tengine\tms\tcpu ms\tM rows/s\tGB/s/core\tGB/cpu-s\tpeak RSS MB\tvs raw');
for (const rows of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'dance-bench-analysis-'));
  try {
    await generate(dir, rows);
    const m = measureAll(dir);
    for (const kind of ['dance', 'scan'] as const) {
      if (m[kind].entries !== m.raw.entries)
        throw new Error(`entries differ: raw ${m.raw.entries}, ${ENGINES[kind]} ${m[kind].entries}`);
    }
    for (const kind of Object.keys(ENGINES) as Engine[]) {
      const { ms, cpu, rss } = m[kind];
      // The scan runs on one core (decode and loop on the main thread); DuckDB on `threads`.
      const cores = kind === 'scan' ? 1 : threads;
      const gbs = (rows * BYTES_PER_ROW) / (ms / 1e3) / 1e9 / cores;
      const perCpu = (rows * BYTES_PER_ROW) / (cpu / 1e3) / 1e9;
      const ratio = kind === 'raw' ? '' : `${(m.raw.ms / ms).toFixed(2)}x`;
      console.log(
        `${rows}\t${ENGINES[kind]}\t${ms.toFixed(0)}\t${cpu.toFixed(0)}\t${(rows / ms / 1e3).toFixed(1)}\t${gbs.toFixed(2)}\t${perCpu.toFixed(2)}\t${(rss / 2 ** 20).toFixed(0)}\t${ratio}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
