import { createHash } from 'node:crypto';
import { processRun } from '@dance/pipeline';
import type { RecordBatch } from '@dance/schema';
import type { Store } from '@dance/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainWorkerModule, plugins } from '../src/index.js';
import { SIM_RUN, simulatedKrRun } from './sim-run.js';

const TYPES = ['peaks', 'peak_basics', 'events', 'event_basics'] as const;
type Products = Record<(typeof TYPES)[number], RecordBatch>;

async function products(store: Store): Promise<Products> {
  const read = (type: string) => store.readAll(store.list({ run: SIM_RUN, type })[0]);
  return Object.fromEntries(await Promise.all(TYPES.map(async (t) => [t, await read(t)]))) as Products;
}

/** A digest of each column's bytes (a failing comparison then names the column without a huge diff). */
const digests = (b: RecordBatch) =>
  Object.fromEntries(
    b.schema.fields.map((f) => {
      const c = b.column(f.name);
      return [
        f.name,
        createHash('sha256')
          .update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
          .digest('hex'),
      ];
    }),
  );

/**
 * One second of Kr-83m at 20 Hz (15 decays), processed three ways: in one go (event windows span
 * milliseconds, so the whole run is then one chunk), and in two stages, peaks first and events from
 * the stored peaks, with small chunks in the main thread and with two workers.
 */
describe('peaks, events and event_basics of a simulated Kr-83m run', () => {
  const runs: { products: Products; eventChunks: number }[] = [];
  let truth: RecordBatch;
  let peaklets: RecordBatch;

  beforeAll(async () => {
    const setups = [
      { stage1: undefined, stage2: 1e9, workers: 0 },
      { stage1: 2e6, stage2: 1000, workers: 0 },
      { stage1: 3e6, stage2: 700, workers: 2 },
    ];
    for (const { stage1, stage2, workers } of setups) {
      const { store, settings } = await simulatedKrRun(1, 20);
      const common = {
        run: SIM_RUN,
        plugins,
        settings,
        workers,
        workerModule: workers ? chainWorkerModule() : undefined,
      };
      if (stage1 !== undefined) {
        for (const target of ['peak_basics', 'peak_positions'])
          await processRun(store, { ...common, target, chunkBytes: stage1 });
      }
      const r = await processRun(store, { ...common, target: 'event_basics', chunkBytes: stage2 });
      runs.push({ products: await products(store), eventChunks: r.chunks });
      truth ??= await store.readAll(store.list({ run: SIM_RUN, type: 'truth_interactions' })[0]);
      peaklets ??= await store.readAll(store.list({ run: SIM_RUN, type: 'peaklets' })[0]);
    }
  }, 120_000);

  it('are identical for one chunk, small chunks and two workers', () => {
    expect(runs[0].eventChunks).toBe(1);
    expect(runs[1].eventChunks).toBeGreaterThan(3);
    expect(runs[2].eventChunks).toBeGreaterThan(3);
    for (const type of TYPES) {
      for (const run of runs.slice(1))
        expect(digests(run.products[type]), type).toEqual(digests(runs[0].products[type]));
    }
  });

  it('merges the peaklets of split S2s, conserving their area', () => {
    const { peaks } = runs[0].products;
    const merged = peaks.column('merged') as Uint8Array;
    expect(merged.reduce((n, m) => n + m, 0)).toBeGreaterThan(5);
    const ends = peaks.endTime();
    for (let k = 0; k < peaks.length; k++) {
      if (!merged[k]) continue;
      let area = 0;
      for (let j = 0; j < peaklets.length; j++)
        if (peaklets.time[j] >= peaks.time[k] && peaklets.time[j] < ends[k])
          area += peaklets.column('area')[j] as number;
      expect(peaks.column('area')[k]).toBeCloseTo(area, 0);
    }
  });

  it('numbers events from 0 and points S1/S2 indices at run-wide rows of peak_basics', () => {
    const { events, event_basics: eb, peak_basics: pb } = runs[1].products;
    expect(events.column('event_number')).toEqual(events.time.map((_, i) => BigInt(i)));
    expect(eb.column('event_number')).toEqual(events.column('event_number'));
    for (const s of ['s1', 'alt_s1', 's2', 'alt_s2']) {
      const index = eb.column(`${s}_index`) as Int32Array;
      index.forEach((row, e) => {
        if (row < 0) {
          expect(eb.column(`${s}_time`)[e]).toBe(-1n);
          expect(eb.column(`${s}_area`)[e]).toBeNaN();
          return;
        }
        expect(eb.column(`${s}_time`)[e]).toBe(pb.time[row]);
        expect(eb.column(`${s}_area`)[e]).toBe(pb.column('area')[row]);
      });
    }
  });

  it('finds each Kr decay as one event with an S1 and an S2, drift time and position near the truth', () => {
    const eb = runs[0].products.event_basics;
    const end = eb.column('endtime') as BigInt64Array;
    const decays = new Map<bigint, number>(); // event_id → first deposit row
    truth.column('event_id').forEach((id, i) => {
      if (!decays.has(id as bigint)) decays.set(id as bigint, i);
    });
    let good = 0;
    for (const i of decays.values()) {
      const t = truth.time[i];
      const found = eb.time.map((start, e) => (start <= t && t < end[e] ? 1n : 0n)).reduce((a, b) => a + b, 0n);
      const e = eb.time.findIndex((start, k) => start <= t && t < end[k]);
      if (found !== 1n || (eb.column('s1_index')[e] as number) < 0 || (eb.column('s2_index')[e] as number) < 0)
        continue;
      // S2 light comes 400 ns (half the 800 ns luminescence) plus ~140 ns (surface trapping) after the
      // electrons reach the gate, so the S2 centre lags the truth by ~540 ns; diffusion spreads the
      // S2 by up to 6.5 µs at full drift, which moves the centre of ~400 electrons by ~0.3 µs.
      const lag = (eb.column('drift_time')[e] as number) - (truth.column('drift_time')[i] as number);
      const dr = Math.hypot(
        (eb.column('s2_x')[e] as number) - (truth.column('x')[i] as number),
        (eb.column('s2_y')[e] as number) - (truth.column('y')[i] as number),
      );
      if (Math.abs(lag - 540) < 1000 && dr < 3) good++;
    }
    expect(decays.size).toBeGreaterThan(10);
    expect(good / decays.size).toBeGreaterThanOrEqual(0.9);
  });
});
