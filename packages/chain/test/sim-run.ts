import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OptionValue } from '@dance/pipeline';
import { buildDetector, type DetectorConfig, simulateRun } from '@dance/sim';
import { Store } from '@dance/store';

export const SIM_RUN = 'kr';

/**
 * A fresh store holding a short simulated Kr-83m run (raw_records and truth), with the detector
 * options the CLI derives from the run's detector (gains, top-array map, drift geometry).
 */
export async function simulatedKrRun(
  durationS: number,
  rateHz: number,
): Promise<{ store: Store; settings: Record<string, OptionValue> }> {
  const store = new Store(mkdtempSync(join(tmpdir(), 'dance-chain-sim-')));
  await simulateRun(
    {
      detector: 'xenon-demo',
      source: { name: 'kr83m' },
      rateHz,
      durationS,
      seed: 4,
      run: SIM_RUN,
      chunkS: 0.25,
      danceVersion: 'test',
    },
    store,
  );
  const [key] = store.list({ run: SIM_RUN, type: 'raw_records' });
  const config = (store.manifest(key).provenance as { detector_config: DetectorConfig }).detector_config;
  const detector = buildDetector(config);
  const nTop = detector.topChannels;
  return {
    store,
    settings: {
      to_pe: Array.from(detector.adcPerPe, (a) => 1 / a),
      n_top_channels: nTop,
      pmt_x: Array.from(detector.pmtX.subarray(0, nTop)),
      pmt_y: Array.from(detector.pmtY.subarray(0, nTop)),
      dead_pmts: config.pmts.dead_channels.filter((ch) => ch < nTop),
      s2_light_height: config.geometry.top_array_height_cm,
      max_drift_length: config.geometry.drift_length_cm,
      electron_drift_velocity: config.tpc.drift_velocity_mm_us * 1e-4,
    },
  };
}
