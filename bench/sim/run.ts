/**
 * Simulator throughput: a 83mKr run at 20 Hz on xenon-demo (the reference case).
 * Reports events/s, raw_records MB/s and the real-time factor (simulated s per wall s) for
 *   - one core in the calling thread (simulation only, CPU-time based and wall clock),
 *   - 1 and 2 worker threads (simulation only; the speed-up 1 → 2),
 *   - the whole `dance sim` path with 1 worker thread, writing into a store.
 * Usage: npx tsc -b && npx tsx bench/sim/run.ts [simulated seconds, default 10] [repeats, default 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRecords, rowLayout } from '@dance/schema';
import {
  DEFAULT_RUN_START_NS,
  loadDetectorConfig,
  type SimulationSpec,
  simulateRun,
  simulateWindows,
} from '@dance/sim';
import { Store } from '@dance/store';

const seconds = Number(process.argv[2] ?? 10);
const repeats = Number(process.argv[3] ?? 3);
const spec: SimulationSpec = {
  detector: loadDetectorConfig('xenon-demo'),
  source: { name: 'kr83m' },
  rateHz: 20,
  durationS: seconds,
  seed: 1,
  runStartNs: DEFAULT_RUN_START_NS,
};
const windows = Array.from({ length: Math.ceil(seconds) }, (_, i) => ({
  index: i,
  startNs: i * 1e9,
  endNs: Math.min(seconds, i + 1) * 1e9,
}));
const rowBytes = rowLayout(rawRecords).rowBytes;

interface Sample {
  wall: number;
  cpu: number;
  records: number;
  events: number;
}

async function simulateOnly(workers: number): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  let events = 0;
  for await (const w of simulateWindows(spec, windows, workers)) {
    records += w.rawRecords.length;
    // deposits of one event share its id: count distinct events
    events += new Set(w.interactions.column('event_id') as BigInt64Array).size;
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, records, events };
}

async function fullRun(k: number): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'dance-bench-sim-'));
  try {
    const store = new Store(dir);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await simulateRun(
      { ...spec, detector: spec.detector, source: spec.source, run: `bench-${k}`, workers: 1, danceVersion: 'bench' },
      store,
    );
    const cpu = process.cpuUsage(cpu0);
    const raw = r.products.find((p) => p.type === 'raw_records')!;
    const truth = r.products.find((p) => p.type === 'truth_interactions')!;
    return {
      wall: (performance.now() - t0) / 1000,
      cpu: (cpu.user + cpu.system) / 1e6,
      records: raw.rows,
      events: truth.rows / 2,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, run: () => Promise<Sample>, useCpu: boolean) {
  const samples: Sample[] = [];
  for (let i = 0; i < repeats; i++) samples.push(await run());
  const wall = median(samples.map((s) => s.wall));
  const cpu = median(samples.map((s) => s.cpu));
  const { records, events } = samples[0];
  const time = useCpu ? cpu : wall;
  return {
    label,
    wall,
    cpu,
    eventsPerS: events / time,
    mbPerS: (records * rowBytes) / 1e6 / time,
    realTime: seconds / time,
    realTimeWall: seconds / wall,
    records,
  };
}

await simulateOnly(0); // warm-up (JIT)
const rows = [
  await measure('1 core, in thread (CPU time)', () => simulateOnly(0), true),
  await measure('1 worker thread (wall)', () => simulateOnly(1), false),
  await measure('2 worker threads (wall)', () => simulateOnly(2), false),
  await measure('dance sim path: 1 worker + store writes (wall)', () => fullRun(Math.random()), false),
];
console.log(
  `83mKr at 20 Hz on xenon-demo, ${seconds} s simulated, ${rows[0].records} raw_records (${((rows[0].records * rowBytes) / 1e6).toFixed(0)} MB), median of ${repeats}`,
);
console.log('| configuration | events/s | raw MB/s | real-time factor | wall s | CPU s |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.eventsPerS.toFixed(0)} | ${r.mbPerS.toFixed(1)} | ${r.realTime.toFixed(1)}x | ${r.wall.toFixed(2)} | ${r.cpu.toFixed(2)} |`,
  );
}
console.log(`speed-up 1 -> 2 worker threads (wall): ${(rows[1].wall / rows[2].wall).toFixed(2)}x`);
console.log(`one core in thread, wall clock: ${rows[0].realTimeWall.toFixed(1)}x real time`);
