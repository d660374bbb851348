import { processRun } from '@dance/pipeline';
import { RecordBatch, timeOrder } from '@dance/schema';
import type { Store } from '@dance/store';
import { describe, expect, it } from 'vitest';
import { chainWorkerModule, gains, plugins } from '../src/index.js';
import { fixture, fixtureStore, readNpyGz } from './helpers.js';

const STRAX = { to_pe: 0.005, n_top_channels: 253 };

async function product(store: Store, type: string) {
  const [key] = store.list({ run: 'r', type });
  return store.readAll(key);
}

/** Every column's bytes. */
function bytesOf(columns: Record<string, ArrayBufferView>): Record<string, Buffer> {
  return Object.fromEntries(
    Object.entries(columns).map(([k, c]) => [k, Buffer.from(c.buffer, c.byteOffset, c.byteLength)]),
  );
}

/** A fixture's rows in stable time order (our stored order), as column bytes. */
function straxSorted(name: string, schema: RecordBatch['schema']): Record<string, Buffer> {
  const s = readNpyGz(fixture(name));
  const b = new RecordBatch(schema, s.length, s.columns as never);
  // strax's −0 per-channel areas (left by the previous peak) are stored as +0: see the peaklets plugin
  const perChannel = b.columns.area_per_channel as Float32Array | undefined;
  perChannel?.forEach((x, i) => {
    if (x === 0) perChannel[i] = 0;
  });
  return bytesOf(b.take(timeOrder(b.time)).columns as never);
}

describe.each(['', 'multi_'])('strax-compatible chain on the %sraw_records fixture', (prefix) => {
  it('reproduces strax hits and peaklets bit for bit (but −0 areas per channel; tight_coincidence is straxen-only)', async () => {
    const store = await fixtureStore(`${prefix}raw_records`);
    const r = await processRun(store, { run: 'r', target: 'peaklets', plugins, settings: STRAX });
    expect(r.computed.map((k) => k.type)).toEqual(['peaklets']); // records are stored only as the target
    await processRun(store, { run: 'r', target: 'hits', plugins, settings: STRAX });
    const hits = await product(store, 'hits');
    expect(bytesOf(hits.columns as never)).toEqual(straxSorted(`${prefix}hits`, hits.schema));
    const peaklets = await product(store, 'peaklets');
    const ours = bytesOf(peaklets.columns as never);
    const strax = straxSorted(`${prefix}peaklets`, peaklets.schema);
    delete ours.tight_coincidence;
    delete strax.tight_coincidence;
    expect(ours).toEqual(strax);
  });
});

describe('chunking and threads', () => {
  it('gives byte-identical records, hits and peaklets for three chunk sizes and two workers', async () => {
    const runs: Record<string, Record<string, Buffer>>[] = [];
    const setups = [{ chunkBytes: 1e9 }, { chunkBytes: 300_000 }, { chunkBytes: 100_000, workers: 2 }];
    const chunks: number[] = [];
    for (const setup of setups) {
      const store = await fixtureStore('raw_records');
      const workerModule = setup.workers ? chainWorkerModule() : undefined;
      for (const target of ['records', 'hits', 'peaklets']) {
        const r = await processRun(store, { run: 'r', target, plugins, settings: STRAX, ...setup, workerModule });
        if (target === 'records') chunks.push(r.chunks);
      }
      const out: Record<string, Record<string, Buffer>> = {};
      for (const type of ['records', 'hits', 'peaklets'])
        out[type] = bytesOf((await product(store, type)).columns as never);
      runs.push(out);
    }
    expect(chunks[0]).toBe(1);
    expect(chunks[2]).toBeGreaterThan(chunks[1]);
    expect(chunks[1]).toBeGreaterThan(2);
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });
});

describe('options', () => {
  it('needs gains and the top-array size, and reads them as a scalar or per channel', async () => {
    const store = await fixtureStore('multi_raw_records');
    await expect(processRun(store, { run: 'r', target: 'peaklets', plugins })).rejects.toThrow(
      "plugin peaklets: option 'to_pe' has no default",
    );
    expect(gains({ to_pe: 0.5 })[493]).toBe(0.5);
    expect([...gains({ to_pe: [1, 2] }).slice(0, 3)]).toEqual([1, 2, 0]);
    expect(() => gains({ to_pe: new Array(495).fill(1) })).toThrow("option 'to_pe' lists 495 channels");
    expect(store.list({ run: 'r' }).map((k) => k.type)).toEqual(['raw_records']);
  });

  it('recomputes peaklets but not the stored records when the hit threshold changes', async () => {
    const store = await fixtureStore('multi_raw_records');
    await processRun(store, { run: 'r', target: 'records', plugins });
    await processRun(store, { run: 'r', target: 'peaklets', plugins, settings: STRAX });
    const r = await processRun(store, {
      run: 'r',
      target: 'peaklets',
      plugins,
      settings: { ...STRAX, hit_min_amplitude: 30 },
    });
    expect(r.computed.map((k) => k.type)).toEqual(['peaklets']);
    expect(r.plan.sources.map((k) => k.type)).toEqual(['records']);
  });
});
