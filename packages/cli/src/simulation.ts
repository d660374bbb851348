import {
  DEFAULT_RUN_START_NS,
  loadDetectorConfig,
  type SimulateRunResult,
  simulateRun,
  simulatorCodeHash,
} from '@dance/sim';
import { Store } from '@dance/store';
import type { Workspace } from '@dance/workspace';
import { recordInCatalog } from './catalog-record.js';
import type { GlobalOptions } from './context.js';
import { startProgress } from './progress.js';
import { VERSION } from './version.js';

export interface SimulationRequest {
  /** A built-in detector name or a YAML/JSON file. */
  detector: string;
  source: { name: string; energyKeV?: number; minKeV?: number; maxKeV?: number };
  rateHz: number;
  durationS: number;
  seed: number;
  run: string;
  /** Event volume; missing bounds default to the detector's active volume. */
  volume?: { rMaxCm?: number; zMinCm?: number; zMaxCm?: number };
  backgrounds?: boolean;
  /** Run start, ns since the epoch (default 2026-01-01T00:00:00Z). */
  start?: bigint;
  chunkS?: number;
  workers?: number;
  overwrite?: boolean;
}

/**
 * Simulates a run into the workspace's store and registers it, its products and their provenance
 * in the catalog: what `dance sim` and the demo both do.
 */
export async function simulateAndRecord(
  ws: Workspace,
  req: SimulationRequest,
  opts: GlobalOptions,
): Promise<SimulateRunResult> {
  const detector = loadDetectorConfig(req.detector);
  const g = detector.geometry;
  const start = req.start ?? DEFAULT_RUN_START_NS;
  const progress = startProgress(opts, `sim ${req.run}`, req.durationS, 's simulated');
  let result: SimulateRunResult;
  try {
    result = await simulateRun(
      {
        detector,
        source: req.source,
        rateHz: req.rateHz,
        durationS: req.durationS,
        seed: req.seed,
        run: req.run,
        volume: req.volume && {
          rMaxCm: req.volume.rMaxCm ?? g.radius_cm,
          zMinCm: req.volume.zMinCm ?? -g.drift_length_cm,
          zMaxCm: req.volume.zMaxCm ?? 0,
        },
        backgrounds: req.backgrounds,
        runStartNs: start,
        chunkS: req.chunkS,
        workers: req.workers,
        overwrite: req.overwrite,
        danceVersion: VERSION,
      },
      new Store(ws.dataDir),
      (done) => progress.update(Math.round(done * 1000) / 1000),
    );
  } finally {
    progress.finish();
  }
  const activity = {
    name: 'dance sim',
    version: VERSION,
    codeHash: simulatorCodeHash(),
    config: {
      detector: result.detector,
      source: req.source,
      rate_hz: req.rateHz,
      duration_s: req.durationS,
      seed: req.seed,
    },
  };
  await recordInCatalog(
    ws,
    {
      id: result.run,
      start,
      end: start + BigInt(Math.round(result.durationS * 1e9)),
      mode: 'simulation',
      source: result.source,
      detector: result.detector,
      metadata: { seed: result.seed, rate_hz: req.rateHz, drift_field: detector.tpc.drift_field_v_cm },
    },
    result.products.map((p) => ({ key: { run: result.run, type: p.type, lineage: result.lineage }, activity })),
  );
  return result;
}
