/**
 * Pipeline benchmark: processes simulated runs raw_records → peaklets through @dance/pipeline and
 * @dance/chain, each configuration in a fresh child process so its peak RSS is its own.
 *
 *   npx tsc -b && npx tsx bench/pipeline/run.ts [--short 2] [--long 20] [--chunk-mb 4] [--repeat 5]
 *
 * Prints per configuration: wall seconds, raw-MB/s, peak RSS; the speed-up from 1 to 2 workers; and
 * the pipeline's overhead against the bare kernels (records, hits, peaklets called on each stored
 * chunk in turn, buffers reused: a worker's work without cutting, encoding or writing). The 1 → 2
 * worker speed-up is measured --repeat times, alternating with the machine's own 1 → 2 speed-up (one
 * vs two processes running an arithmetic loop, and the bare kernels on the long run), so on a shared
 * machine they can be compared side by side: medians, with the load average. The configurations run
 * in child.mjs, plain node on the compiled packages.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { rawRecords, rowLayout } from '@dance/schema';
import { simulateRun } from '@dance/sim';
import { Store } from '@dance/store';

const { values: args } = parseArgs({
  options: {
    short: { type: 'string', default: '2' },
    long: { type: 'string', default: '20' },
    'chunk-mb': { type: 'string', default: '4' },
    repeat: { type: 'string', default: '5' },
  },
});

const chunkMb = Number(args['chunk-mb']);

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

/** Each configuration runs in plain node (no tsx) on the compiled packages, as `dance` does. */
const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

function child(config: object): { seconds: number; cpuSeconds: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, [CHILD, JSON.stringify(config)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}

const run = promisify(execFile);
/** Wall seconds for `n` processes each running the same arithmetic loop at once. */
async function spin(n: number, iterations: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, () => run(process.execPath, [CHILD, '--spin', String(iterations)])));
  return (performance.now() - started) / 1000;
}

/** Wall seconds for `n` processes each running the bare kernels on the long run at once (the workers' own work). */
async function kernelsAtOnce(n: number): Promise<number> {
  const config = JSON.stringify({ dir, run: 'long', mode: 'kernels', workers: 0, chunkMb });
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, () => run(process.execPath, [CHILD, config])));
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const clear = (run: string) => {
  for (const type of ['records', 'peaklets'])
    for (const k of store.list({ run, type })) rmSync(join(dir, run, `${type}-${k.lineage}`), { recursive: true });
};

const rows: string[][] = [];
const results: Record<string, { seconds: number; cpuSeconds: number; maxRssMb: number }> = {};
const loads = [loadavg()[0]];
for (const [run, mode, workers] of [
  ['short', 'kernels', 0],
  ['short', 'pipeline', 0],
  ['long', 'kernels', 0],
  ['long', 'pipeline', 0],
  ['long', 'pipeline', 1],
  ['long', 'pipeline', 2],
] as const) {
  clear(run);
  const r = child({ dir, run, mode, workers, chunkMb });
  results[`${run}/${mode}/${workers}`] = r;
  rows.push([
    run,
    `${rawMb[run].toFixed(0)} MB`,
    mode,
    String(workers),
    r.seconds.toFixed(2),
    r.cpuSeconds.toFixed(2),
    (rawMb[run] / r.seconds).toFixed(1),
    r.maxRssMb.toFixed(0),
  ]);
}
loads.push(loadavg()[0]);

// 1 → 2 workers against the machine's own 1 → 2 processes, alternating, so both see the same load
const spinIterations = 2e8;
const scaling = {
  machine: [] as number[],
  kernels: [] as number[],
  pipeline: [] as number[],
  w1: [] as number[],
  w2: [] as number[],
};
for (let i = 0; i < Number(args.repeat); i++) {
  const one = await spin(1, spinIterations);
  const two = await spin(2, spinIterations);
  scaling.machine.push((2 * one) / two);
  const k1 = await kernelsAtOnce(1);
  const k2 = await kernelsAtOnce(2);
  scaling.kernels.push((2 * k1) / k2);
  clear('long');
  const w1 = child({ dir, run: 'long', mode: 'pipeline', workers: 1, chunkMb }).seconds;
  clear('long');
  const w2 = child({ dir, run: 'long', mode: 'pipeline', workers: 2, chunkMb }).seconds;
  scaling.w1.push(w1);
  scaling.w2.push(w2);
  scaling.pipeline.push(w1 / w2);
  loads.push(loadavg()[0]);
}

console.log(
  `chunk target ${chunkMb} MB of raw_records; load average (1 min) ${loads.map((l) => l.toFixed(1)).join(', ')}\n`,
);
console.log('| run | raw | mode | workers | s | cpu s | raw MB/s | peak RSS MB |');
console.log('| --- | --- | ---- | ------- | - | ----- | -------- | ----------- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
console.log(`\n1 → 2 workers, ${args.repeat} alternating rounds (median; each round):`);
console.log(`  machine, 1 → 2 processes: ${median(scaling.machine).toFixed(2)}x (${fmt(scaling.machine)})`);
console.log(
  `  machine, 1 → 2 processes of bare kernels (long run): ${median(scaling.kernels).toFixed(2)}x (${fmt(scaling.kernels)})`,
);
console.log(`  pipeline, 1 → 2 workers:  ${median(scaling.pipeline).toFixed(2)}x (${fmt(scaling.pipeline)})`);
console.log(`  pipeline seconds, 1 worker ${fmt(scaling.w1)}; 2 workers ${fmt(scaling.w2)}`);
console.log(
  `pipeline overhead (long, in-thread vs bare kernels): ${(results['long/pipeline/0'].seconds / results['long/kernels/0'].seconds).toFixed(2)}x`,
);
rmSync(dir, { recursive: true, force: true });
