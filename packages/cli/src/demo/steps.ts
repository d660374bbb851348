import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@dance/schema';
import { type ProductKey, Store } from '@dance/store';
import { CONFIG_FILE, initWorkspace, loadConfig, type Workspace } from '@dance/workspace';
import { conditionsFor, detectorSettings, resolveConditionSettings } from '../commands/process-settings.js';
import type { GlobalOptions } from '../context.js';
import { exportProduct } from '../exporter.js';
import { importRecords } from '../importer.js';
import { recordProcessing } from '../processing-record.js';
import { listProducts } from '../products.js';
import { SIM_TRUTH_TAG, simulateAndRecord } from '../simulation.js';
import { VERSION } from '../version.js';

/** What the demo's steps share; each step fills in what later ones use. */
export interface DemoContext {
  dir: string;
  opts: GlobalOptions;
  ws?: Workspace;
  product?: ProductKey;
  /** What processing made last. */
  processed?: ProductKey;
}

/** One thing the demo really does; `run` returns a one-line account of what it did. */
export interface DemoStep {
  name: string;
  run(ctx: DemoContext): Promise<string>;
}

/** The workspace name that marks a directory as the demo's own, so recreating it never deletes anything else. */
const DEMO_NAME = 'dance-demo';
const SIM_RUN = 'kr-001';
const IMPORT_RUN = 'strax-001';
const SEED = 1;
/** Small chunks so the demo product shows chunking. */
const CHUNK_ROWS = 20_000;

const workspace: DemoStep = {
  name: 'workspace',
  async run(ctx) {
    removeOldDemo(ctx.dir);
    ctx.ws = initWorkspace(ctx.dir, { name: DEMO_NAME });
    return `created ${ctx.ws.root} (${CONFIG_FILE}, data/, catalog/)`;
  },
};

const simulate: DemoStep = {
  name: 'simulate',
  async run(ctx) {
    const r = await simulateAndRecord(
      need(ctx.ws),
      {
        detector: 'xenon-demo',
        source: { name: 'kr83m' },
        rateHz: 20,
        durationS: 2,
        seed: SEED,
        run: SIM_RUN,
        chunkS: 0.5,
      },
      ctx.opts,
    );
    const raw = r.products.find((p) => p.type === 'raw_records');
    ctx.product = { run: SIM_RUN, type: 'raw_records', lineage: r.lineage };
    return `${r.durationS} s of Kr-83m at 20 Hz on xenon-demo (494 PMTs, seed ${SEED}) as run ${SIM_RUN}: ${raw?.rows} raw_records in ${raw?.chunks} chunks, plus truth, in ${r.wallS.toFixed(1)} s`;
  },
};

const processStep: DemoStep = {
  name: 'process',
  async run(ctx) {
    const ws = need(ctx.ws);
    const [{ processInStages }, { CONDITION_OPTIONS, plugins }, { openCatalog }] = await Promise.all([
      import('@dance/pipeline'),
      import('@dance/chain'),
      import('@dance/catalog'),
    ]);
    const store = new Store(ws.dataDir);
    const catalog = await openCatalog(ws.catalogUrl, { base: ws.root });
    const needed = conditionsFor(plugins, 'event_info', CONDITION_OPTIONS);
    const conditions = await resolveConditionSettings(catalog, SIM_RUN, SIM_TRUTH_TAG, needed).finally(() =>
      catalog.close(),
    );
    const result = await processInStages(store, {
      run: SIM_RUN,
      target: 'event_info',
      plugins,
      settings: { ...detectorSettings(store, SIM_RUN), ...conditions.settings },
    });
    await recordProcessing(ws, store, result.plan.target, result.computed, conditions.used);
    ctx.processed = { run: SIM_RUN, type: 'event_info', lineage: result.plan.target.lineage };
    const events = await store.readAll(ctx.processed, { columns: ['e_ces', 'alt_s1_index'] });
    // Kr-83m's merged 41.5 keV line: events where both decays' light formed one S1
    const energies = (events.column('e_ces') as Float32Array)
      .filter((_, i) => events.column('alt_s1_index')[i] === -1)
      .sort();
    const median = energies[Math.floor(energies.length / 2)];
    return `${SIM_RUN} processed to event_info (${result.computed.map((k) => k.type).join(', ')}) with the ${SIM_TRUTH_TAG} conditions: ${events.length} events, median e_ces ${median?.toFixed(1)} keV for those with one S1`;
  },
};

const validateStep: DemoStep = {
  name: 'validate',
  async run(ctx) {
    const ws = need(ctx.ws);
    const [{ plugins }, { PRODUCTS, validateRun }] = await Promise.all([
      import('@dance/chain'),
      import('@dance/validate'),
    ]);
    const out = join(ws.root, 'reports', `validate-${SIM_RUN}`);
    const report = await validateRun(new Store(ws.dataDir), SIM_RUN, out, {
      needed: PRODUCTS.filter((type) => plugins.some((p) => p.provides.name === type)),
      pinned: {},
      software: { dance: VERSION },
    });
    const made = report.checks.filter((c) => c.skipped === undefined);
    const passed = made.filter((c) => c.passed).length;
    const skipped = report.checks.length - made.length;
    return `${SIM_RUN} against its truth (dance validate ${SIM_RUN}): ${passed} of ${made.length} checks passed${skipped ? `, ${skipped} skipped (too few entries in 2 s)` : ''}; report ${report.html}`;
  },
};

const straxRoundTrip: DemoStep = {
  name: 'strax interop',
  async run(ctx) {
    const ws = need(ctx.ws);
    const npy = join(ws.root, `${SIM_RUN}-raw_records.npy`);
    await exportProduct(new Store(ws.dataDir), need(ctx.product), 'npy', npy, ctx.opts);
    const imported = await importRecords(
      ws,
      { source: npy, run: IMPORT_RUN, type: 'raw_records', chunkRows: CHUNK_ROWS, argv: ['demo'] },
      ctx.opts,
    );
    const back = join(ws.root, `${IMPORT_RUN}-raw_records.npy`);
    await exportProduct(new Store(ws.dataDir), imported.key, 'npy', back, ctx.opts);
    if (!readFileSync(back).equals(readFileSync(npy))) {
      throw new Error(`the exported ${back} differs from the imported ${npy}: the store changed the data`);
    }
    return `exported ${SIM_RUN} as a strax .npy, imported it as run ${IMPORT_RUN} (${imported.manifest.chunks.length} chunks) and exported it again: byte-identical`;
  },
};

const catalog: DemoStep = {
  name: 'catalog',
  async run(ctx) {
    const ws = need(ctx.ws);
    const { openCatalog } = await import('@dance/catalog');
    const cat = await openCatalog(ws.catalogUrl, { base: ws.root });
    try {
      const kr = await cat.runs({ where: "source = 'kr83m' and drift_field > 10" });
      const p = need(ctx.processed);
      const tree = await cat.provenanceTree(`product:${p.run}/${p.type}/${p.lineage}`);
      return `${(await cat.runs()).length} runs catalogued; "source = 'kr83m' and drift_field > 10" finds ${kr.map((r) => r.id).join(', ')}; provenance of ${p.run}/${p.type} (dance prov ${p.run} ${p.type}):\n${tree}`;
    } finally {
      await cat.close();
    }
  },
};

const list: DemoStep = {
  name: 'list',
  async run(ctx) {
    const products = listProducts(new Store(need(ctx.ws).dataDir));
    return products.map((p) => `${p.run}/${p.type} ${p.lineage}: ${p.rows} rows, ${p.chunks} chunks`).join('; ');
  },
};

/** The demo, in order (serving follows in the demo command). */
export const DEMO_STEPS: readonly DemoStep[] = [
  workspace,
  simulate,
  processStep,
  validateStep,
  straxRoundTrip,
  catalog,
  list,
];

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a demo step ran before the step that prepares its input');
  return value;
}

/** Removes a previous demo; refuses a directory that holds anything but a demo workspace. */
function removeOldDemo(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // nothing there yet
  }
  if (entries.length === 0) return;
  const isDemo = entries.includes(CONFIG_FILE) && safeName(join(dir, CONFIG_FILE)) === DEMO_NAME;
  if (!isDemo) {
    throw new UserError(`${dir} exists and is not a DANCE demo workspace: choose another --dir, or remove it yourself`);
  }
  rmSync(dir, { recursive: true, force: true });
}

function safeName(configPath: string): string | undefined {
  try {
    return loadConfig(configPath).name;
  } catch {
    return undefined;
  }
}
