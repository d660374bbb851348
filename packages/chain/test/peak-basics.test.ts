import { processRun } from '@dance/pipeline';
import type { Store } from '@dance/store';
import { describe, expect, it } from 'vitest';
import { plugins } from '../src/index.js';
import { fixtureStore } from './helpers.js';

const STRAX = { to_pe: 0.005, n_top_channels: 253 };
const product = async (store: Store, type: string) => store.readAll(store.list({ run: 'r', type })[0]);

describe('peak_basics', () => {
  it('summarises each peak with its type, reading the stored peaks', async () => {
    const store = await fixtureStore('multi_raw_records');
    await processRun(store, { run: 'r', target: 'peaks', plugins, settings: STRAX });
    const r = await processRun(store, {
      run: 'r',
      target: 'peak_basics',
      plugins,
      settings: STRAX,
      chunkBytes: 20_000,
    });
    expect(r.plan.sources.map((k) => k.type)).toEqual(['peaks']);
    expect(r.chunks).toBeGreaterThan(1);
    const [p, b] = await Promise.all(['peaks', 'peak_basics'].map((t) => product(store, t)));
    expect(b.length).toBe(p.length);
    expect(b.column('type')).toEqual(p.column('type'));
    expect(b.column('merged')).toEqual(p.column('merged'));
    expect([...new Set(b.column('type') as Int8Array)].sort()).toEqual([0, 1, 2]);
    const perChannel = p.column('area_per_channel') as Float32Array;
    for (const k of [0, Math.floor(p.length / 2), p.length - 1]) {
      const row = perChannel.subarray(k * 494, (k + 1) * 494);
      expect(b.column('n_channels')[k]).toBe(row.filter((a) => a > 0).length);
      expect(b.column('max_pmt_area')[k]).toBe(Math.max(...row));
      expect(row[b.column('max_pmt')[k] as number]).toBe(Math.max(...row));
      expect(b.column('range_50p_area')[k]).toBe(p.column('width')[k * 11 + 5]);
      expect(b.column('rise_time')[k]).toBe(-p.column('area_decile_from_midpoint')[k * 11 + 1]);
      expect(b.column('endtime')[k]).toBe(p.endTime()[k]);
    }
  });
});
