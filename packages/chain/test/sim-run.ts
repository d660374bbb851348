import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OptionValue } from '@dance/pipeline';
import { type DetectorConfig, processingOptions, simulateRun } from '@dance/sim';
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
  return { store, settings: processingOptions(config) };
}
