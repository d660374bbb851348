import { openCatalog } from '@dance/catalog';
import { plugins } from '@dance/chain';
import { processRun } from '@dance/pipeline';
import { defineRecord, RecordBatch } from '@dance/schema';
import { buildDetector, DEFAULT_RUN_START_NS, type DetectorConfig, simulateRun } from '@dance/sim';
import { type ProductKey, Store } from '@dance/store';
import { initWorkspace, type Workspace } from '@dance/workspace';

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

/** The demo run processed to events: the event table and the peak_basics it was made from. */
export async function processEvents(demo: DemoWorkspace): Promise<{ events: ProductKey; peakBasics: ProductKey }> {
  const lineage = await processDemo(demo, 'peak_basics');
  const peakBasics = { run: SIM_RUN, type: 'peak_basics', lineage };
  const store = new Store(demo.ws.dataDir);
  return { events: await standInEvents(store, await store.readAll(peakBasics), lineage), peakBasics };
}

/**
 * Events as the contract describes them, until the chain makes event_basics: each S2 above 100 PE
 * opens a window from 2.3 ms before it to 0.2 ms after, overlapping windows merge; the main S2 is
 * the largest S2 inside, the main S1 the largest S1 before it.
 */
async function standInEvents(store: Store, peaks: RecordBatch, lineage: string): Promise<ProductKey> {
  const time = (name: string) => defineRecordField(name, 'i64');
  const schema = defineRecord({
    name: 'event_basics',
    version: 0,
    storage: 'table',
    description: 'stand-in',
    fields: [
      time('time'),
      time('endtime'),
      time('event_number'),
      ...['s1', 'alt_s1', 's2', 'alt_s2'].flatMap((s) => [
        defineRecordField(`${s}_index`, 'i32'),
        time(`${s}_time`),
        defineRecordField(`${s}_area`, 'f32'),
      ]),
      defineRecordField('drift_time', 'f32'),
    ],
  });
  const type = peaks.column('type');
  const area = peaks.column('area') as Float32Array;
  const center = peaks.column('center_time') as BigInt64Array;
  const windows: [bigint, bigint][] = [];
  for (let i = 0; i < peaks.length; i++) {
    if (type[i] !== 2 || area[i] <= 100) continue;
    const w: [bigint, bigint] = [peaks.time[i] - 2_300_000n, peaks.time[i] + 200_000n];
    const last = windows.at(-1);
    if (last && w[0] <= last[1]) last[1] = w[1];
    else windows.push(w);
  }
  const out = RecordBatch.allocate(schema, windows.length);
  const ends = peaks.column('endtime') as BigInt64Array;
  windows.forEach(([a, b], e) => {
    const inside = Array.from(peaks.time.keys()).filter((i) => peaks.time[i] >= a && ends[i] <= b);
    const largest = (list: number[]) => list.reduce((x, i) => (x < 0 || area[i] > area[x] ? i : x), -1);
    const s2 = largest(inside.filter((i) => type[i] === 2));
    const s1 = largest(inside.filter((i) => type[i] === 1 && peaks.time[i] < peaks.time[s2]));
    const set = (name: string, v: number | bigint) => {
      (out.column(name) as { [k: number]: number | bigint })[e] = v;
    };
    set('time', a);
    set('endtime', b);
    set('event_number', BigInt(e));
    for (const [role, i] of [
      ['s1', s1],
      ['alt_s1', -1],
      ['s2', s2],
      ['alt_s2', -1],
    ] as const) {
      set(`${role}_index`, i);
      set(`${role}_time`, i < 0 ? -1n : peaks.time[i]);
      set(`${role}_area`, i < 0 ? Number.NaN : area[i]);
    }
    set('drift_time', s1 < 0 ? Number.NaN : Number(center[s2] - center[s1]));
  });
  const key = { run: SIM_RUN, type: 'event_basics', lineage: `standin${lineage}` };
  const writer = store.writer(key, schema, {
    provenance: {
      made_from: { type: 'event_basics', lineage: key.lineage, inputs: [{ type: 'peak_basics', lineage }] },
    },
  });
  await writer.write(out);
  await writer.commit();
  return key;
}

function defineRecordField(name: string, dtype: 'i64' | 'i32' | 'f32') {
  return { name, dtype, unit: '', description: name };
}
