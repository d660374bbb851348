// One configuration of bench/pipeline/run.ts in its own process, so its peak RSS is its own. Plain
// JavaScript on the compiled packages: run under tsx, this process and its worker threads would
// pass every module through tsx's loader, which `dance` does not (it cost ~0.2 s per thread).
//   node bench/pipeline/child.mjs '{"dir":…,"run":…,"mode":"kernels"|"pipeline","workers":N,"chunkMb":4}'
//   node bench/pipeline/child.mjs --spin <iterations>
import { chainWorkerModule, plugins } from '@dance/chain';
import { processRun } from '@dance/pipeline';
import { buildPeaklets, findHits, giveBackColumns, recordsFromRawRecords } from '@dance/signal';
import { Store } from '@dance/store';

if (process.argv[2] === '--spin') {
  // the machine's reference: a CPU-bound loop with no memory traffic
  let x = 0;
  for (let i = 0; i < Number(process.argv[3]); i++) x = (x * 1664525 + 1013904223) >>> 0;
  console.log(x);
  process.exit(0);
}

const { dir, run, mode, workers, chunkMb } = JSON.parse(process.argv[2]);
const store = new Store(dir);
const toPe = new Float64Array(494).fill(0.007);
const started = performance.now();
if (mode === 'kernels') {
  // the three kernels on each stored chunk in turn, buffers reused: the work of one pipeline
  // worker without the pipeline (no cutting at gaps, no encoding, no writing)
  const manifest = store.manifest(store.list({ run, type: 'raw_records' })[0]);
  for (let i = 0; i < manifest.chunks.length; i++) {
    const records = recordsFromRawRecords(store.readChunk(manifest, i));
    const hits = findHits(records);
    const peaklets = buildPeaklets(records, hits, { toPe, nTopChannels: 253 });
    for (const t of [records, hits, peaklets]) giveBackColumns(t.columns);
  }
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
const cpu = process.cpuUsage(); // all threads of the process, workers included
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
