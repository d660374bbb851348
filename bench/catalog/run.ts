/**
 * Catalog benchmark: registers N files across M runs, then times metadata queries that return up to
 * 1,000 runs, on SQLite (a WAL file) and on PostgreSQL. Reference measured in the same run: the same
 * rows inserted into the same table with the raw better-sqlite3 driver (one prepared statement per
 * row, one transaction), i.e. what the Kysely layer costs.
 *
 *   npx tsx bench/catalog/run.ts [--files 1000000] [--runs 10000] [--backend sqlite|postgres|both]
 *
 * PostgreSQL: $DANCE_BENCH_PG_URL, else a throw-away cluster from scripts/pg/start.sh.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { type Catalog, type FileSpec, openCatalog } from '../../packages/catalog/src/index.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '10000' },
    backend: { type: 'string', default: 'both' },
    queries: { type: 'string', default: '200' },
  },
});
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const QUERIES = Number(values.queries);
const FILES_PER_CALL = 10_000;
const T0 = 1_772_323_200_000_000_000n;
const SOURCES = ['kr83m', 'ar37', 'rn220', 'none'];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

function file(i: number): FileSpec {
  const run = i % RUNS;
  const digest = sha(String(i));
  return {
    scope: `run-${run}`,
    name: `peaks/abc123/${String(Math.floor(i / RUNS)).padStart(6, '0')}.arrow`,
    size: 1_000_000 + (i % 1000),
    adler32: digest.slice(0, 8),
    sha256: digest,
    start: T0 + BigInt(i) * 1_000_000_000n,
    end: T0 + BigInt(i) * 1_000_000_000n + 999_999_999n,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Result {
  backend: string;
  runsPerS: number;
  filesPerS: number;
  p50: number;
  p99: number;
  meanRows: number;
}

async function bench(name: string, catalog: Catalog): Promise<Result> {
  let t = process.hrtime.bigint();
  for (let r = 0; r < RUNS; r++) {
    await catalog.registerRun({
      id: `run-${r}`,
      number: r,
      start: T0 + BigInt(r) * 3_600_000_000_000n,
      end: T0 + BigInt(r) * 3_600_000_000_000n + 3_000_000_000_000n,
      mode: r % 10 === 0 ? 'calibration' : 'science',
      source: SOURCES[r % 4],
      detector: 'tpc',
      tags: r % 2 ? ['sr0'] : ['sr0', 'blinded'],
      metadata: { drift_field: (r * 37) % 500, source: SOURCES[r % 4], gate_kv: 5 + (r % 7) / 10, good: r % 13 !== 0 },
    });
  }
  const runsPerS = RUNS / seconds(t);

  t = process.hrtime.bigint();
  for (let i = 0; i < FILES; i += FILES_PER_CALL) {
    const batch = Array.from({ length: Math.min(FILES_PER_CALL, FILES - i) }, (_, k) => file(i + k));
    await catalog.registerFiles(batch);
  }
  const filesPerS = FILES / seconds(t);

  // Each query selects a drift-field window: about RUNS/10 runs (1,000 of 10,000), some also by source.
  const latencies: number[] = [];
  let rows = 0;
  for (let q = 0; q < QUERIES; q++) {
    const low = (q * 53) % 450;
    const where =
      q % 2
        ? `drift_field >= ${low} and drift_field < ${low + 50}`
        : `drift_field >= ${low} and drift_field < ${low + 200} and (source = 'kr83m' or source = 'ar37') and good = true`;
    const t1 = process.hrtime.bigint();
    const found = await catalog.runs({ where, limit: 1000 });
    latencies.push(seconds(t1) * 1000);
    rows += found.length;
  }
  latencies.sort((a, b) => a - b);
  return {
    backend: name,
    runsPerS,
    filesPerS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    meanRows: rows / QUERIES,
  };
}

/** The same file rows through raw better-sqlite3: the floor for any layer on top. */
function rawSqliteFilesPerS(dir: string): number {
  const db = new SqliteDatabase(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table dids (id integer primary key, scope text not null, name text not null, type text not null,
    open bigint not null, monotonic bigint not null, size bigint, adler32 text, sha256 text, start_ns bigint,
    end_ns bigint, product_id bigint, created_ns bigint not null, unique (scope, name))`);
  const insert = db.prepare(
    'insert into dids (scope, name, type, open, monotonic, size, adler32, sha256, start_ns, end_ns, product_id, created_ns) values (?, ?, ?, 0, 0, ?, ?, ?, ?, ?, null, ?)',
  );
  const t = process.hrtime.bigint();
  for (let i = 0; i < FILES; i += FILES_PER_CALL) {
    const batch = Array.from({ length: Math.min(FILES_PER_CALL, FILES - i) }, (_, k) => file(i + k));
    db.transaction(() => {
      for (const f of batch) insert.run(f.scope, f.name, 'file', f.size, f.adler32, f.sha256, f.start, f.end, T0);
    })();
  }
  const rate = FILES / seconds(t);
  db.close();
  return rate;
}

const results: Result[] = [];
const dir = mkdtempSync(join(tmpdir(), 'dance-bench-catalog-'));
let pgCluster: string | undefined;
try {
  if (values.backend !== 'postgres') {
    const catalog = await openCatalog(`sqlite:${join(dir, 'catalog.sqlite')}`);
    results.push(await bench('sqlite', catalog));
    await catalog.close();
  }
  if (values.backend !== 'sqlite') {
    let url = process.env.DANCE_BENCH_PG_URL;
    if (!url) {
      pgCluster = mkdtempSync(join(tmpdir(), 'dance-bench-pg-')); // the postgres user must reach it
      url = execFileSync('bash', [new URL('../../scripts/pg/start.sh', import.meta.url).pathname], {
        env: { ...process.env, PGBASE: pgCluster },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    }
    const catalog = await openCatalog(url);
    results.push(await bench('postgres', catalog));
    await catalog.close();
  }
  const raw = values.backend === 'postgres' ? undefined : rawSqliteFilesPerS(dir);

  console.log(`catalog bench: ${FILES} files across ${RUNS} runs, ${QUERIES} metadata queries (<= 1000 runs each)`);
  console.log('| backend | runs/s | files/s | files/s vs 20,000 goal | query p50 ms | query p99 ms | runs per query |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.backend} | ${r.runsPerS.toFixed(0)} | ${r.filesPerS.toFixed(0)} | ${(r.filesPerS / 20_000).toFixed(1)}x | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.meanRows.toFixed(0)} |`,
    );
  }
  if (raw !== undefined) {
    const sqlite = results.find((r) => r.backend === 'sqlite');
    const ratio = sqlite ? ` (catalog/raw = ${(sqlite.filesPerS / raw).toFixed(2)})` : '';
    console.log(`reference: raw better-sqlite3 prepared inserts, same rows: ${raw.toFixed(0)} files/s${ratio}`);
  }
} finally {
  if (pgCluster) {
    execFileSync('bash', [new URL('../../scripts/pg/stop.sh', import.meta.url).pathname, pgCluster], {
      stdio: 'ignore',
    });
  }
  rmSync(dir, { recursive: true, force: true });
}
