/**
 * Processing benchmark: our signal kernels against strax v2.2.3 on the same raw_records .npy.
 *
 *   npx tsc -b && npx tsx bench/processing/run.ts [--records 2e5] [--raw file.npy] [--repeat 3] [--rounds 3]
 *                                                 [--no-strax] [--plain-js] [--fresh]
 *
 * Without --raw, generates the synthetic raw_records with strax_ref.py gen (seed 0). Each of --rounds
 * rounds runs strax through strax_ref.py run (best seconds per stage, JIT excluded) and then ours in
 * this process (best of --repeat after a warm-up), so on a shared machine both see the same load;
 * prints raw-MB/s per core per stage and the ratio ours/strax per round, then the medians.
 * --plain-js runs our records and hits with their plain-JS loops instead of the wasm SIMD kernels.
 * --fresh allocates every table anew instead of reusing the last call's buffers (giveBackColumns).
 * Needs Debian's python3 with strax's dependencies and strax's source: STRAX_SRC (default
 * /work/strax-src) and STRAX_BENCH (the directory of strax_ref.py, default /work/shared/bench/strax).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The compiled JS that `dance` runs (npx tsc -b first): tsx's transform of the sources reads every
// imported constant through a getter, which cost ~10 % in the peaklet loops.
import { fromStructBytes, rawRecords } from '../../packages/schema/dist/src/index.js';
import {
  buildPeaklets,
  findHits,
  giveBackColumns,
  type RawRecordColumns,
  recordsFromRawRecords,
  type Table,
} from '../../packages/signal/dist/src/index.js';
import { useWasmKernels } from '../../packages/signal/dist/src/wasm/kernels.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '2e5' },
    raw: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'no-strax': { type: 'boolean', default: false },
    'plain-js': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});
useWasmKernels(!args['plain-js']);
const STRAX_SRC = process.env.STRAX_SRC ?? '/work/strax-src';
const STRAX_BENCH = process.env.STRAX_BENCH ?? '/work/shared/bench/strax';
const repeat = Number(args.repeat);
const work = mkdtempSync(join(tmpdir(), 'dance-bench-processing-'));

function straxRef(...argv: string[]): Record<string, unknown> {
  const out = execFileSync('/usr/bin/python3', [join(STRAX_BENCH, 'strax_ref.py'), ...argv], {
    env: { ...process.env, PYTHONPATH: `${STRAX_SRC}:${STRAX_BENCH}` },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

/** raw_records from a strax .npy (field titles allowed), via the schema's packed layout. */
function readRawRecords(path: string): Table<RawRecordColumns> {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const names = [...header.matchAll(/'(\w+)'\), '[<|]/g)].map((m) => m[1]);
  const plain = [...header.matchAll(/\('(\w+)', '[<|]/g)].map((m) => m[1]);
  const fields = names.length ? names : plain;
  const expected = rawRecords.fields.map((f) => f.name);
  if (fields.join() !== expected.join()) throw new Error(`${path}: fields ${fields} are not raw_records ${expected}`);
  return fromStructBytes(rawRecords, bytes.subarray(10 + headerLength)) as unknown as Table<RawRecordColumns>;
}

const toPe = new Float64Array(494).fill(0.005);
function ours(raw: Table<RawRecordColumns>) {
  const t0 = performance.now();
  const records = recordsFromRawRecords(raw);
  const t1 = performance.now();
  const hits = findHits(records, { minAmplitude: 15 });
  const t2 = performance.now();
  const peaklets = buildPeaklets(records, hits, { toPe, nTopChannels: 253 });
  const t3 = performance.now();
  const s = { records: t1 - t0, hits: t2 - t1, peaklets: t3 - t2, total: t3 - t0 };
  // done with this chunk, as the pipeline is once it has stored it: its buffers serve the next one
  if (!args.fresh) for (const t of [records, hits, peaklets]) giveBackColumns(t.columns);
  return {
    hits: hits.length,
    peaklets: peaklets.length,
    seconds: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v / 1e3])),
  };
}

const rawPath = args.raw ?? join(work, 'raw.npy');
if (!args.raw) straxRef('gen', '--n', args.records, '--seed', '0', '--out', rawPath);
if (!existsSync(rawPath)) throw new Error(`${rawPath}: no such file`);
const raw = readRawRecords(rawPath);
const rawMB = (raw.length * 244) / 1e6;

type Seconds = Record<string, number>;
function straxRound(): { hits: number; peaklets: number; best_seconds: Seconds } | undefined {
  if (args['no-strax']) return undefined;
  return straxRef('run', '--raw', rawPath, '--out-dir', join(work, 'ref'), '--repeat', String(repeat)) as {
    hits: number;
    peaklets: number;
    best_seconds: Seconds;
  };
}

ours({ length: Math.min(2000, raw.length), columns: sliceRaw(raw, 2000) }); // warm-up (JIT)
function oursRound(): { best: Seconds; counts: { hits: number; peaklets: number } } {
  const best: Seconds = {};
  let counts = { hits: 0, peaklets: 0 };
  for (let i = 0; i < repeat; i++) {
    const r = ours(raw);
    counts = { hits: r.hits, peaklets: r.peaklets };
    for (const [k, v] of Object.entries(r.seconds)) best[k] = Math.min(best[k] ?? Infinity, v);
  }
  return { best, counts };
}

const STAGES = ['records', 'hits', 'peaklets', 'total'];
const rounds: { ours: Seconds; strax?: Seconds }[] = [];
const loads = [loadavg()[0]];
let counts = { hits: 0, peaklets: 0 };
let straxCounts: { hits?: number; peaklets?: number } = {};
for (let r = 0; r < Number(args.rounds); r++) {
  const strax = straxRound();
  const o = oursRound();
  counts = o.counts;
  straxCounts = { hits: strax?.hits, peaklets: strax?.peaklets };
  rounds.push({ ours: o.best, strax: strax?.best_seconds });
  loads.push(loadavg()[0]);
}

function sliceRaw(t: Table<RawRecordColumns>, n: number): RawRecordColumns {
  const m = Math.min(n, t.length);
  const w = t.columns.data.length / t.length;
  const c = t.columns;
  return {
    time: c.time.subarray(0, m),
    length: c.length.subarray(0, m),
    dt: c.dt.subarray(0, m),
    channel: c.channel.subarray(0, m),
    pulse_length: c.pulse_length.subarray(0, m),
    record_i: c.record_i.subarray(0, m),
    baseline: c.baseline.subarray(0, m),
    data: c.data.subarray(0, m * w),
  };
}

const fmt = (x: number) => x.toFixed(1).padStart(8);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `raw_records: ${raw.length} records, ${rawMB.toFixed(1)} MB; best of ${repeat} per round; one core each; ` +
    `records and hits ${args['plain-js'] ? 'in plain JS' : 'in wasm SIMD'}`,
);
console.log(`load average (1 min) before and after each round: ${loads.map((l) => l.toFixed(1)).join(', ')}`);
console.log(
  `hits ours ${counts.hits} strax ${straxCounts.hits ?? '-'}; peaklets ours ${counts.peaklets} strax ${straxCounts.peaklets ?? '-'}`,
);
const mbps = (seconds: Seconds | undefined, stage: string) => (seconds ? rawMB / seconds[stage] : Number.NaN);
for (const [i, r] of rounds.entries()) {
  const cells = STAGES.map((st) => `${st} ${(mbps(r.ours, st) / mbps(r.strax, st)).toFixed(2)}`);
  console.log(`round ${i + 1} ours/strax: ${cells.join(', ')}`);
}
console.log(`\nmedians over ${rounds.length} rounds\nstage        ours MB/s  strax MB/s   ours/strax`);
for (const stage of STAGES) {
  const o = median(rounds.map((r) => mbps(r.ours, stage)));
  const st = median(rounds.map((r) => mbps(r.strax, stage)));
  const ratio = median(rounds.map((r) => mbps(r.ours, stage) / mbps(r.strax, stage)));
  console.log(`${stage.padEnd(10)} ${fmt(o)}   ${fmt(st)}   ${ratio.toFixed(2).padStart(8)}`);
}
rmSync(work, { recursive: true, force: true });
