import { openCatalog } from '@dance/catalog';
import { DEFAULT_RUN_START_NS, simulateRun } from '@dance/sim';
import { Store } from '@dance/store';
import { initWorkspace, openWorkspace, type Workspace } from '@dance/workspace';

export const SIM_RUN = 'kr-001';
export const EMPTY_RUN = 'bg-002';
export const STORE_ONLY_LINEAGE = 'storeonly0001';

export interface DemoWorkspace {
  ws: Workspace;
  lineage: string;
}

/**
 * A small workspace as `dance sim` leaves it: 0.5 s (or `durationS`) of Kr-83m at 20 Hz (raw_records and truth)
 * registered in the catalog with provenance, one replica at a second site, and a second run
 * without products, so filters have something to tell apart.
 */
export async function demoWorkspace(dir: string, durationS = 0.5): Promise<DemoWorkspace> {
  const ws = initWorkspace(dir, { name: 'web-test' });
  const store = new Store(ws.dataDir);
  const result = await simulateRun(
    {
      detector: 'xenon-demo',
      source: { name: 'kr83m' },
      rateHz: 20,
      durationS,
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
      end: DEFAULT_RUN_START_NS + BigInt(durationS * 1e9),
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

/** The event table eventWorkspace makes: the analysis table, event_basics with corrected areas. */
export const EVENT_TABLE = 'event_info';

/** The dance CLI from its sources, run in this process: imported by path, as the CLI depends on this package. */
const CLI = new URL('../../cli/src/run.ts', import.meta.url).href;

export async function dance(...argv: string[]): Promise<void> {
  const { run } = (await import(CLI)) as { run(argv: string[]): Promise<number> };
  const status = await run(argv);
  if (status !== 0) throw new Error(`dance ${argv.join(' ')} exited with ${status}`);
}

/**
 * A workspace as a user makes it: `dance sim` of `durationS` of Kr-83m at 20 Hz (run kr-001, 0.25 s
 * chunks), processed by `dance process` to EVENT_TABLE with the simulation's true conditions, in
 * chunks of ~0.5 MB of raw_records, so products have several and windows cross their boundaries.
 */
export async function eventWorkspace(dir: string, durationS = 0.5): Promise<Workspace> {
  await dance('init', dir);
  const sim = ['sim', '--run', SIM_RUN, '--duration', String(durationS), '--rate', '20', '--chunk', '0.25'];
  await dance('--workspace', dir, ...sim, '--seed', '7');
  const process = ['process', SIM_RUN, '--target', EVENT_TABLE, '--global-tag', 'sim-truth', '--chunk-mb', '0.5'];
  await dance('--workspace', dir, '--verbose', ...process);
  return openWorkspace(dir);
}
