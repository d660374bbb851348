import {
  DEFAULT_RUN_START_NS,
  type DetectorConfig,
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
 * in the catalog, with the detector's true conditions under the global tag `sim-truth`: what
 * `dance sim` and the demo both do.
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
  await recordTrueConditions(ws, result.run, detector);
  return result;
}

/** The global tag under which a simulated run's true conditions are registered. */
export const SIM_TRUTH_TAG = 'sim-truth';

/**
 * The conditions the simulator used, in the units the chain's correction options take: electron
 * lifetime (ns), g1 (PE per photon, volume average), g2 (PE per electron leaving the site =
 * extraction × single-electron gain), the S1 light-collection slopes, and the S2 map of the light
 * model (S2 light aimed at dead PMTs is lost; the chain's detector settings carry the PMT map).
 */
export function trueConditions(detector: DetectorConfig): Record<string, number | string> {
  return {
    electron_lifetime: detector.tpc.electron_lifetime_us * 1000,
    g1: detector.light.g1_pe_per_photon,
    g2: detector.tpc.extraction_efficiency * detector.tpc.single_electron_gain_pe,
    lce_depth_slope: detector.light.lce_depth_slope,
    lce_radial_slope: detector.light.lce_radial_slope,
    s2_xy_map: 'light_model',
  };
}

/** Adds the run's true conditions as new versions valid for its run number and pins them under sim-truth. */
async function recordTrueConditions(ws: Workspace, run: string, detector: DetectorConfig): Promise<void> {
  const { openCatalog } = await import('@dance/catalog');
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  try {
    const number = (await catalog.findRun(run))?.number;
    if (number === undefined) throw new Error(`run ${run} is not in the catalog after recording it`);
    const pins = [];
    for (const [name, value] of Object.entries(trueConditions(detector))) {
      const v = await catalog.addCondition({
        name,
        value,
        runFrom: number,
        runTo: number,
        comment: `simulation truth of run ${run} (detector ${detector.name})`,
      });
      pins.push({ name, version: v.version });
    }
    await catalog.tagConditions(SIM_TRUTH_TAG, pins);
  } finally {
    await catalog.close();
  }
}
