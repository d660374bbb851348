import { createHash } from 'node:crypto';
import { type LineageNode, planRun, processInStages, processRun, stageTargets } from '@dance/pipeline';
import type { RecordBatch } from '@dance/schema';
import type { Store } from '@dance/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { plugins } from '../src/index.js';
import { SIM_RUN, simulatedKrRun } from './sim-run.js';

const digest = (b: RecordBatch) =>
  b.schema.fields.map((f) => {
    const c = b.column(f.name);
    return `${f.name}:${createHash('sha256')
      .update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
      .digest('hex')}`;
  });

const product = (store: Store, type: string) => store.list({ run: SIM_RUN, type })[0];

/**
 * Events need the maximum drift time (~5 ms) of context; raw_records of a run with dark counts never
 * have such a gap, so one call from raw_records makes the whole run one chunk. In stages, events are
 * cut in the gaps of the stored peak-level products instead.
 */
describe('processing to event_basics in stages', () => {
  let whole: { store: Store; chunks: number };
  let staged: { store: Store; stages: string[]; lastSources: string[] };

  beforeAll(async () => {
    const a = await simulatedKrRun(1, 20);
    const common = { run: SIM_RUN, plugins, settings: a.settings, chunkBytes: 2e6 };
    const r = await processRun(a.store, { ...common, target: 'event_basics' });
    whole = { store: a.store, chunks: r.chunks };
    const b = await simulatedKrRun(1, 20);
    const request = { ...common, settings: b.settings, target: 'event_basics' };
    const stages = stageTargets(planRun(b.store, request));
    const last = await processInStages(b.store, request);
    staged = { store: b.store, stages, lastSources: last.plan.sources.map((k) => k.type) };
  }, 120_000);

  it('stops before the steps whose context jumps: S2 merging, then events', () => {
    expect(staged.stages).toEqual(['peaklets', 'peaklet_classification', 'peak_basics']);
  });

  it('reports the raw_records it started from and one chunk for the single call', () => {
    // events cut from stored peaks come in many chunks (events-sim.test.ts); from raw_records, one
    expect(whole.chunks).toBe(1);
    expect(staged.lastSources).toEqual(['raw_records']);
  });

  it('makes the same products with the same lineages', async () => {
    for (const type of ['peaks', 'peak_positions', 'events', 'event_basics']) {
      const key = product(whole.store, type);
      expect(product(staged.store, type), type).toEqual(key);
      expect(digest(await staged.store.readAll(key)), type).toEqual(digest(await whole.store.readAll(key)));
    }
  });

  it('stores the provenance of an event-level product with each input spelled out once', () => {
    const { provenance } = staged.store.manifest(product(staged.store, 'event_basics'));
    const made = (provenance as { made_from: LineageNode }).made_from;
    const full: string[] = [];
    const repeated: string[] = [];
    const walk = (n: LineageNode) => {
      (n.repeated ? repeated : full).push(`${n.type}-${n.lineage}`);
      for (const i of n.inputs) walk(i);
    };
    walk(made);
    expect(new Set(full).size).toBe(full.length);
    expect(repeated).toContain(`peaks-${product(staged.store, 'peaks').lineage}`);
    expect(repeated.every((k) => full.includes(k))).toBe(true);
    // the first peaklets met depth first is the full one, with its 494 gains
    const first = (n: LineageNode): LineageNode | undefined =>
      n.type === 'peaklets' ? n : n.inputs.map(first).find((x) => x !== undefined);
    expect(first(made)?.plugin?.options.to_pe).toHaveLength(494);
    expect(JSON.stringify(provenance).length).toBeLessThan(40_000);
  });
});
