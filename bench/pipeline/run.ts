/**
 * Pipeline benchmark: processes simulated runs raw_records → peaklets through @dance/pipeline and
 * @dance/chain, each configuration in a fresh child process so its peak RSS is its own.
 *
 *   npx tsc -b && npx tsx bench/pipeline/run.ts [--short 2] [--long 20] [--chunk-mb 4]
 *
 * Prints per configuration: wall seconds, raw-MB/s, peak RSS; the speed-up from 1 to 2 workers; and
 * the pipeline's overhead against calling the three kernels directly on the whole run in memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chainWorkerModule, plugins } from '@dance/chain';
import { processRun } from '@dance/pipeline';
import { rawRecords, rowLayout } from '@dance/schema';
import { buildPeaklets, findHits, type RawRecordColumns, recordsFromRawRecords, type Table } from '@dance/signal';
import { simulateRun } from '@dance/sim';
import { Store } from '@dance/store';

const { values: args } = parseArgs({
  options: {
    short: { type: 'string', default: '2' },
    long: { type: 'string', default: '20' },
    'chunk-mb': { type: 'string', default: '4' },
    child: { type: 'string' },
  },
});

if (args.child) {
  const { dir, run, mode, workers, chunkMb } = JSON.parse(args.child);
  const store = new Store(dir);
  const started = performance.now();
  if (mode === 'kernels') {
    const [key] = store.list({ run, type: 'raw_records' });
    const raw = (await store.readAll(key)) as unknown as Table<RawRecordColumns>;
    const records = recordsFromRawRecords(raw);
    buildPeaklets(records, findHits(records), { toPe: new Float64Array(494).fill(0.007), nTopChannels: 253 });
  } else {
    await processRun(store, {
      run,
      target: 'peaklets',
      plugins,
      settings: { to_pe: 0.007, n_top_channels: 253 },
      workers,
      workerModule: workers > 0 ? chainWorkerModule() : undefined,
      chunkBytes: chunkMb * 1e6,
      restart: true,
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'dance-bench-pipeline-'));
const store = new Store(dir);
const rawMb: Record<string, number> = {};
for (const [run, duration] of [
  ['short', Number(args.short)],
  ['long', Number(args.long)],
] as const) {
  const r = await simulateRun(
    {
      detector: 'xenon-demo',
      source: { name: 'kr83m' },
      rateHz: 20,
      durationS: duration,
      seed: 1,
      run,
      workers: 2,
      danceVersion: 'bench',
    },
    store,
  );
  // raw MB as strax counts them: packed row bytes (244 B per record), not the compressed file size
  rawMb[run] = (r.products.find((p) => p.type === 'raw_records')!.rows * rowLayout(rawRecords).rowBytes) / 1e6;
}

function child(config: object): { seconds: number; maxRssMb: number } {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1], '--child', JSON.stringify(config)],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}

const chunkMb = Number(args['chunk-mb']);
const rows: string[][] = [];
const results: Record<string, { seconds: number; maxRssMb: number }> = {};
for (const [run, mode, workers] of [
  ['short', 'kernels', 0],
  ['short', 'pipeline', 0],
  ['long', 'kernels', 0],
  ['long', 'pipeline', 0],
  ['long', 'pipeline', 1],
  ['long', 'pipeline', 2],
] as const) {
  for (const type of ['records', 'peaklets'])
    for (const k of store.list({ run, type })) rmSync(join(dir, run, `${type}-${k.lineage}`), { recursive: true });
  const r = child({ dir, run, mode, workers, chunkMb });
  results[`${run}/${mode}/${workers}`] = r;
  rows.push([
    run,
    `${rawMb[run].toFixed(0)} MB`,
    mode,
    String(workers),
    r.seconds.toFixed(2),
    (rawMb[run] / r.seconds).toFixed(1),
    r.maxRssMb.toFixed(0),
  ]);
}
console.log(`chunk target ${chunkMb} MB of raw_records\n`);
console.log('| run | raw | mode | workers | s | raw MB/s | peak RSS MB |');
console.log('| --- | --- | ---- | ------- | - | -------- | ----------- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const w1 = results['long/pipeline/1'].seconds;
const w2 = results['long/pipeline/2'].seconds;
console.log(`\nspeed-up 1 → 2 workers: ${(w1 / w2).toFixed(2)}x`);
console.log(
  `pipeline overhead (long, in-thread vs bare kernels): ${(results['long/pipeline/0'].seconds / results['long/kernels/0'].seconds).toFixed(2)}x`,
);
rmSync(dir, { recursive: true, force: true });
