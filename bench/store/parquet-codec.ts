/**
 * Speed of DANCE's Parquet codec next to DuckDB's Parquet writer/reader on the same data, one core.
 *   npx tsx bench/store/parquet-codec.ts [hitsRows=1000000] [recordRows=200000]
 * MB/s counts uncompressed row bytes (the packed numpy layout) per second; medians of 5 runs.
 * Goal (strax's zstd per core): write >= 230 MB/s, read >= 320 MB/s.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineRecord, RecordBatch, rowLayout } from '@dance/schema';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeParquet, encodeParquet } from '../../packages/store/src/parquet/index.js';
import { generate } from './generate.js';

/** strax-like hits, 48 bytes per row (declared here; the real hits type lands with its plugin). */
const hits = defineRecord({
  name: 'bench_hits48',
  version: 1,
  storage: 'table',
  description: 'Hits-like rows for the Parquet codec benchmark',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Samples' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'Sampling interval' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'PMT channel' },
    { name: 'area', dtype: 'f32', unit: 'PE', description: 'Area' },
    { name: 'left', dtype: 'i16', unit: 'samples', description: 'Left edge' },
    { name: 'right', dtype: 'i16', unit: 'samples', description: 'Right edge' },
    { name: 'left_integration', dtype: 'i16', unit: 'samples', description: 'Left integration bound' },
    { name: 'right_integration', dtype: 'i16', unit: 'samples', description: 'Right integration bound' },
    { name: 'record_i', dtype: 'i32', unit: '', description: 'Record index' },
    { name: 'threshold', dtype: 'f32', unit: 'ADC', description: 'Threshold' },
    { name: 'height', dtype: 'f32', unit: 'ADC', description: 'Height' },
    { name: 'max_time', dtype: 'i64', unit: 'ns', description: 'Time of the maximum' },
  ],
});

const RUNS = 5;

/** Time-sorted hits with plausible spreads (deterministic LCG, no I/O). */
function makeHits(n: number): RecordBatch {
  const b = RecordBatch.allocate(hits, n);
  const c = b.columns;
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  let t = 1_700_000_000_000_000_000n;
  for (let i = 0; i < n; i++) {
    t += BigInt(Math.floor(rnd() * 400));
    const len = 3 + Math.floor(rnd() * 20);
    const left = Math.floor(rnd() * 90);
    c.time[i] = t;
    c.length[i] = len;
    c.dt[i] = 10;
    c.channel[i] = Math.floor(rnd() * 494);
    c.area[i] = Math.fround(-Math.log(1 - rnd()) * 120);
    c.left[i] = left;
    c.right[i] = left + len;
    c.left_integration[i] = Math.max(0, left - 3);
    c.right_integration[i] = Math.min(110, left + len + 3);
    c.record_i[i] = i;
    c.threshold[i] = 15;
    c.height[i] = Math.fround(c.area[i] / (1 + rnd() * 4));
    c.max_time[i] = t + BigInt(Math.floor(rnd() * len) * 10);
  }
  return b;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Median wall and CPU milliseconds of `f` over RUNS runs. Other jobs share this machine's two
 * cores, so CPU time (this process, all threads) is the fairer per-core figure; both are shown.
 */
async function timeIt(f: () => unknown): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await f();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const nHits = Number(process.argv[2] ?? 1e6);
const nRecords = Number(process.argv[3] ?? 2e5);
const dir = mkdtempSync(join(tmpdir(), 'dance-parquet-bench-'));
const db = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
const rows: string[][] = [];
const row = (...cells: (string | number)[]) =>
  rows.push(cells.map((c) => (typeof c === 'number' ? c.toFixed(c < 10 ? 2 : 0) : c)));

for (const [name, batch] of [
  ['hits (48 B/row)', makeHits(nHits)],
  ['raw_records (244 B/row)', generate(nRecords).records],
] as const) {
  const mb = (batch.length * rowLayout(batch.schema).rowBytes) / 1e6;
  // "cpu MB/s (wall MB/s)"
  const mbps = (t: { wall: number; cpu: number }) =>
    `${(mb / (t.cpu / 1000)).toFixed(0)} (${(mb / (t.wall / 1000)).toFixed(0)})`;
  for (const level of [1, 3]) {
    let bytes: Uint8Array = new Uint8Array();
    const w = await timeIt(() => {
      bytes = encodeParquet(batch, { level });
    });
    const r = await timeIt(() => decodeParquet(batch.schema, bytes));
    const p = await timeIt(() => decodeParquet(batch.schema, bytes, { columns: ['channel'] }));
    row(name, `DANCE zstd ${level}`, mbps(w), mbps(r), (mb * 1e6) / bytes.length, p.wall);
    if (level === 1) writeFileSync(join(dir, 'dance.parquet'), bytes);
  }

  // DuckDB on the same rows, loaded from DANCE's file, writing and reading zstd Parquet on one thread.
  const ours = join(dir, 'dance.parquet');
  const theirs = join(dir, 'duck.parquet');
  await db.run(`create or replace table t as select * from read_parquet('${ours}')`);
  const w = await timeIt(() => db.run(`copy t to '${theirs}' (format parquet, compression zstd)`));
  const readAll = (f: string) =>
    timeIt(() => db.run(`create or replace temp table r as select * from read_parquet('${f}')`));
  const r = await readAll(theirs);
  const size = readFileSync(theirs).length;
  row(name, 'DuckDB zstd (1 thread)', mbps(w), mbps(r), (mb * 1e6) / size, '');
  row(name, 'DuckDB reading DANCE file', '', mbps(await readAll(ours)), '', '');
}
db.closeSync();
rmSync(dir, { recursive: true, force: true });

const header = ['data', 'codec', 'write MB/s cpu (wall)', 'read MB/s cpu (wall)', 'ratio', 'read 1 column ms'];
console.log(`Parquet codec, ${nHits} hits and ${nRecords} raw_records, median of ${RUNS}, one core\n`);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
