import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rawRecords, shortHash, truthInteractions, truthPeaks, UserError } from '@dance/schema';
import type { Manifest, ProductKey, ProductWriter, Store } from '@dance/store';
import { simulatorCodeHash } from './code-hash.js';
import type { DetectorConfig } from './detector/config.js';
import { loadDetectorConfig } from './detector/load.js';
import { type SimulationSpec, Simulator, type WindowOutput } from './simulator.js';
import type { SourceSpec } from './sources/sources.js';
import type { Volume } from './sources/volume.js';
import { type PackedWindow, unpackWindow, type WindowRequest } from './transfer.js';

export interface SimulateRunOptions {
  /** Built-in detector name, a detector file, or an already validated config. */
  detector: string | DetectorConfig;
  source: SourceSpec;
  rateHz: number;
  durationS: number;
  seed: number;
  run: string;
  volume?: Volume;
  backgrounds?: boolean;
  /** Run start, ns since the Unix epoch (default 2026-01-01T00:00:00Z, so runs are reproducible). */
  runStartNs?: bigint;
  /** Length of the time windows, which are also the stored chunks (default 1 s). */
  chunkS?: number;
  /** Worker threads; 0 simulates in the calling thread (default 0). */
  workers?: number;
  overwrite?: boolean;
  /** DANCE version, part of the lineage. */
  danceVersion: string;
}

export interface SimulatedProduct {
  type: string;
  rows: number;
  bytes: number;
  chunks: number;
}

export interface SimulateRunResult {
  run: string;
  lineage: string;
  detector: string;
  source: string;
  seed: number;
  durationS: number;
  products: SimulatedProduct[];
  /** Wall-clock seconds spent simulating and writing. */
  wallS: number;
}

export const DEFAULT_RUN_START_NS = 1_767_225_600_000_000_000n;

/** The lineage of a simulated run: a hash of everything that determines its data. */
export function simulationLineage(spec: SimulationSpec, danceVersion: string): string {
  return shortHash({
    simulator: 'dance-sim',
    detector: spec.detector,
    source: spec.source,
    rate_hz: spec.rateHz,
    duration_s: spec.durationS,
    seed: spec.seed,
    volume: spec.volume ?? null,
    backgrounds: spec.backgrounds !== false,
    run_start_ns: spec.runStartNs.toString(),
    dance: danceVersion,
    code: simulatorCodeHash(),
  });
}

function checkNumbers(o: SimulateRunOptions): void {
  const bad = (what: string, v: number, rule: string) => new UserError(`sim: ${what} must be ${rule}, got ${v}`);
  if (!(o.rateHz >= 0 && Number.isFinite(o.rateHz))) throw bad('--rate', o.rateHz, 'a rate >= 0 Hz');
  if (!(o.durationS > 0 && o.durationS <= 86_400)) throw bad('--duration', o.durationS, 'in (0, 86400] s');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    throw bad('--seed', o.seed, 'an integer 0..4294967295');
  const chunk = o.chunkS ?? 1;
  if (!(chunk >= 0.001 && chunk <= 10)) throw bad('--chunk', chunk, 'in [0.001, 10] s (a window is held in memory)');
  const workers = o.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw bad('--workers', workers, 'an integer 0..64');
}

/**
 * The worker script: the compiled dist/src/worker.js next to this module, or, when this module runs
 * from source (vitest), the package's dist/src/worker.js, which needs a prior `npx tsc -b`.
 */
function workerUrl(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  const url = new URL('../dist/src/worker.js', import.meta.url);
  if (!existsSync(url))
    throw new Error(`worker threads need the compiled simulator (${fileURLToPath(url)}): run npx tsc -b`);
  return url;
}

/** Runs windows on worker threads (or in this thread) and yields their products in time order. */
export async function* simulateWindows(
  spec: SimulationSpec,
  windows: WindowRequest[],
  workers: number,
): AsyncGenerator<WindowOutput> {
  if (workers === 0) {
    const sim = new Simulator(spec);
    for (const w of windows) yield sim.window(w.startNs, w.endNs);
    return;
  }
  const url = workerUrl();
  const pool = Array.from({ length: Math.min(workers, windows.length) }, () => new Worker(url, { workerData: spec }));
  const pending = new Map<number, { resolve: (w: WindowOutput) => void; reject: (e: Error) => void }>();
  const results = new Map<number, Promise<WindowOutput>>();
  for (const worker of pool) {
    worker.on('message', (m: PackedWindow | { index: number; error: string }) => {
      const p = pending.get(m.index);
      pending.delete(m.index);
      if ('error' in m) p?.reject(new Error(`simulation worker failed: ${m.error}`));
      else p?.resolve(unpackWindow(m));
    });
    const fail = (err: Error) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (pending.size > 0) fail(new Error(`simulation worker exited (code ${code}) with windows outstanding`));
    });
  }
  // each worker keeps two windows queued, so it never waits for the writer
  const ahead = pool.length * 2;
  let sent = 0;
  const send = () => {
    const w = windows[sent];
    const result = new Promise<WindowOutput>((resolve, reject) => pending.set(w.index, { resolve, reject }));
    // a window abandoned when the run fails is never awaited: keep its rejection from going unhandled
    result.catch(() => undefined);
    results.set(w.index, result);
    pool[sent % pool.length].postMessage(w);
    sent++;
  };
  try {
    while (sent < Math.min(ahead, windows.length)) send();
    for (let i = 0; i < windows.length; i++) {
      const out = await results.get(i)!;
      results.delete(i);
      if (sent < windows.length) send();
      yield out;
    }
  } finally {
    pending.clear();
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Simulates a run and writes raw_records, truth_interactions and truth_peaks into the store, one
 * chunk per time window. The output is the same for any chunk length and worker count (only the
 * chunk boundaries differ). `onProgress` gets the simulated seconds done.
 */
export async function simulateRun(
  options: SimulateRunOptions,
  store: Store,
  onProgress?: (doneS: number, totalS: number) => void,
): Promise<SimulateRunResult> {
  checkNumbers(options);
  const started = performance.now();
  const detector = typeof options.detector === 'string' ? loadDetectorConfig(options.detector) : options.detector;
  const spec: SimulationSpec = {
    detector,
    source: options.source,
    rateHz: options.rateHz,
    durationS: options.durationS,
    seed: options.seed,
    volume: options.volume,
    backgrounds: options.backgrounds,
    runStartNs: options.runStartNs ?? DEFAULT_RUN_START_NS,
  };
  // validates source, volume and detector before anything is written
  new Simulator(spec);
  const lineage = simulationLineage(spec, options.danceVersion);
  const provenance = {
    simulator: 'dance-sim',
    dance_version: options.danceVersion,
    detector: detector.name,
    detector_config: detector,
    source: options.source,
    rate_hz: options.rateHz,
    duration_s: options.durationS,
    seed: options.seed,
    volume: options.volume ?? 'active volume',
    backgrounds: options.backgrounds !== false,
    run_start_ns: spec.runStartNs.toString(),
  };
  const chunkNs = Math.round((options.chunkS ?? 1) * 1e9);
  const durationNs = options.durationS * 1e9;
  const windows: WindowRequest[] = [];
  for (let i = 0, t = 0; t < durationNs; i++, t += chunkNs)
    windows.push({ index: i, startNs: t, endNs: Math.min(durationNs, t + chunkNs) });
  const schemas = [rawRecords, truthInteractions, truthPeaks];
  const writers: ProductWriter[] = schemas.map((schema) => {
    const key: ProductKey = { run: options.run, type: schema.name, lineage };
    return store.writer(key, schema, { provenance, overwrite: options.overwrite });
  });
  try {
    let done = 0;
    for await (const out of simulateWindows(spec, windows, options.workers ?? 0)) {
      const range = { start: out.start, end: out.end };
      await writers[0].write(out.rawRecords, range);
      await writers[1].write(out.interactions, range);
      await writers[2].write(out.peaks, range);
      onProgress?.(Math.min(options.durationS, windows[done].endNs / 1e9), options.durationS);
      done++;
    }
    const manifests: Manifest[] = [];
    for (const w of writers) manifests.push(await w.commit());
    return {
      run: options.run,
      lineage,
      detector: detector.name,
      source: options.source.name,
      seed: options.seed,
      durationS: options.durationS,
      products: manifests.map((m) => ({
        type: m.type,
        rows: m.chunks.reduce((s, c) => s + c.rows, 0),
        bytes: m.chunks.reduce((s, c) => s + c.bytes, 0),
        chunks: m.chunks.length,
      })),
      wallS: (performance.now() - started) / 1000,
    };
  } catch (err) {
    await Promise.all(writers.map((w) => w.abort().catch(() => undefined)));
    throw err;
  }
}
