import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isoToNs, rawRecords, UserError } from '@dance/schema';
import { type ProductKey, Store } from '@dance/store';
import { writeNpy } from '@dance/strax';
import { CONFIG_FILE, initWorkspace, loadConfig, type Workspace } from '@dance/workspace';
import type { GlobalOptions } from '../context.js';
import { exportProduct } from '../exporter.js';
import { importRecords } from '../importer.js';
import { listProducts } from '../products.js';
import { demoRawRecords } from './raw-records.js';

/** What the demo's steps share; each step fills in what later ones use. */
export interface DemoContext {
  dir: string;
  opts: GlobalOptions;
  ws?: Workspace;
  /** The generated input file. */
  input?: string;
  product?: ProductKey;
}

/** One thing the demo really does; `run` returns a one-line account of what it did. */
export interface DemoStep {
  name: string;
  run(ctx: DemoContext): Promise<string>;
}

/** The workspace name that marks a directory as the demo's own, so recreating it never deletes anything else. */
const DEMO_NAME = 'dance-demo';
const RUN = 'demo_000001';
const SEED = 1;
const PULSES = 1500;
/** Small chunks so the demo product shows chunking. */
const CHUNK_ROWS = 1000;

const workspace: DemoStep = {
  name: 'workspace',
  async run(ctx) {
    removeOldDemo(ctx.dir);
    ctx.ws = initWorkspace(ctx.dir, { name: DEMO_NAME });
    return `created ${ctx.ws.root} (${CONFIG_FILE}, data/, catalog/)`;
  },
};

const generate: DemoStep = {
  name: 'generate',
  async run(ctx) {
    const batch = demoRawRecords({
      seed: SEED,
      pulses: PULSES,
      start: isoToNs('2026-01-01T00:00:00Z'),
      durationNs: 1e9,
    });
    ctx.input = join(need(ctx.ws).root, 'raw_records.npy');
    await writeNpy(ctx.input, rawRecords, [batch], batch.length);
    return `${batch.length} raw_records (${PULSES} PMT pulses on 494 channels in 1 s, seed ${SEED}) written as strax .npy to ${ctx.input}`;
  },
};

const importStep: DemoStep = {
  name: 'import',
  async run(ctx) {
    const r = await importRecords(
      need(ctx.ws),
      { source: need(ctx.input), run: RUN, type: 'raw_records', chunkRows: CHUNK_ROWS, argv: ['demo'] },
      ctx.opts,
    );
    ctx.product = r.key;
    return `stored as ${RUN}/raw_records lineage ${r.key.lineage}: ${r.manifest.chunks.length} chunks, ${r.manifest.bytes} bytes (from ${r.source.bytes})`;
  },
};

const roundTrip: DemoStep = {
  name: 'export',
  async run(ctx) {
    const ws = need(ctx.ws);
    const out = join(ws.root, 'exported-raw_records.npy');
    await exportProduct(new Store(ws.dataDir), need(ctx.product), 'npy', out, ctx.opts);
    if (!readFileSync(out).equals(readFileSync(need(ctx.input)))) {
      throw new Error(`the exported ${out} differs from the imported ${ctx.input}: the store changed the data`);
    }
    return `exported back to ${out}: byte-identical to the input`;
  },
};

const list: DemoStep = {
  name: 'list',
  async run(ctx) {
    const products = listProducts(new Store(need(ctx.ws).dataDir));
    return products.map((p) => `${p.run}/${p.type} ${p.lineage}: ${p.rows} rows, ${p.chunks} chunks`).join('; ');
  },
};

/** The demo, in order. Later issues add steps here (simulate, process, catalog, serve). */
export const DEMO_STEPS: readonly DemoStep[] = [workspace, generate, importStep, roundTrip, list];

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
