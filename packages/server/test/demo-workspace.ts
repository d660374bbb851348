import { openCatalog } from '@dance/catalog';
import { plugins } from '@dance/chain';
import { processRun } from '@dance/pipeline';
import { buildDetector, DEFAULT_RUN_START_NS, type DetectorConfig, simulateRun } from '@dance/sim';
import { Store } from '@dance/store';
import { initWorkspace, type Workspace } from '@dance/workspace';

export const SIM_RUN = 'kr-001';
export const EMPTY_RUN = 'bg-002';
export const STORE_ONLY_LINEAGE = 'storeonly0001';

export interface DemoWorkspace {
  ws: Workspace;
  lineage: string;
}

/**
 * A small workspace as `dance sim` leaves it: 0.5 s of Kr-83m at 20 Hz (raw_records and truth)
 * registered in the catalog with provenance, one replica at a second site, and a second run
 * without products, so filters have something to tell apart.
 */
export async function demoWorkspace(dir: string): Promise<DemoWorkspace> {
  const ws = initWorkspace(dir, { name: 'web-test' });
  const store = new Store(ws.dataDir);
  const result = await simulateRun(
    {
      detector: 'xenon-demo',
      source: { name: 'kr83m' },
      rateHz: 20,
      durationS: 0.5,
      seed: 7,
      run: SIM_RUN,
      chunkS: 0.25,
      danceVersion: 'test',
    },
    store,
  );
  const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
  try {
    const run = {
      id: SIM_RUN,
      number: 1,
      start: DEFAULT_RUN_START_NS,
      end: DEFAULT_RUN_START_NS + 500_000_000n,
      mode: 'simulation',
      source: 'kr83m',
      detector: 'xenon-demo',
      comments: 'calibration with krypton',
      tags: ['calibration'],
      metadata: { seed: 7, drift_field: 200 },
    };
    for (const p of result.products) {
      await catalog.recordManifest(store.manifest({ run: SIM_RUN, type: p.type, lineage: result.lineage }), {
        run,
        provenance: {
          activity: { kind: 'command', name: 'dance sim', version: 'test', config: { seed: 7 } },
          inputs: [],
        },
      });
    }
    await catalog.registerRun({
      id: EMPTY_RUN,
      number: 2,
      start: DEFAULT_RUN_START_NS + 3_600_000_000_000n,
      mode: 'background',
      comments: 'quiet night',
      metadata: { drift_field: 50 },
    });
    await catalog.addSite({ name: 'tape', kind: 'tape', url: 'file:///tape', attributes: {} });
    const first = (await catalog.product({ run: SIM_RUN, type: 'raw_records', lineage: result.lineage })).files[0];
    await catalog.addReplica(`${first.scope}:${first.name}`, 'tape', 'available', 'kr/0.arrow');
  } finally {
    await catalog.close();
  }
  // what processing leaves before it catalogues: a product only the store knows
  const truth = await store.readAll({ run: SIM_RUN, type: 'truth_peaks', lineage: result.lineage });
  const writer = store.writer({ run: SIM_RUN, type: 'truth_peaks', lineage: STORE_ONLY_LINEAGE }, truth.schema);
  await writer.write(truth);
  await writer.commit();
  return { ws, lineage: result.lineage };
}

/**
 * Processes the demo run up to `target` in this thread, as `dance process` does (gains and top-array
 * size from the detector the simulator recorded), without cataloguing: the store-only products the
 * server lists beside catalogued ones. Small chunks, so products have several and windows cross
 * their boundaries. Returns the target's lineage.
 */
export async function processDemo(demo: DemoWorkspace, target: string): Promise<string> {
  const store = new Store(demo.ws.dataDir);
  const raw = store.manifest({ run: SIM_RUN, type: 'raw_records', lineage: demo.lineage });
  const detector = buildDetector((raw.provenance as { detector_config: DetectorConfig }).detector_config);
  const settings = { to_pe: Array.from(detector.adcPerPe, (a) => 1 / a), n_top_channels: detector.topChannels };
  const result = await processRun(store, { run: SIM_RUN, target, plugins, settings, chunkBytes: 500_000 });
  return result.plan.target.lineage;
}
