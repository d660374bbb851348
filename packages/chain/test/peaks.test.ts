import { processRun } from '@dance/pipeline';
import { isUserError, peakletClassification, RecordBatch } from '@dance/schema';
import type { Store } from '@dance/store';
import { describe, expect, it } from 'vitest';
import { peaksPlugin, plugins } from '../src/index.js';
import { fixtureStore } from './helpers.js';

const STRAX = { to_pe: 0.005, n_top_channels: 253 };
const product = async (store: Store, type: string) => store.readAll(store.list({ run: 'r', type })[0]);
const OPTIONS = {
  s2_merge_gap_thresholds: [1.74, 5020, 4.85, 1890],
  s2_merge_max_duration: 50_000,
  n_top_channels: 253,
};
const CONTEXT = { index: 0, start: 0n, end: 1n };

describe('peaks (S2 merging) on strax raw_records', () => {
  it('passes peaklets that are not merged through unchanged, with their type, and keeps the area', async () => {
    const store = await fixtureStore('multi_raw_records');
    await processRun(store, { run: 'r', target: 'peaks', plugins, settings: STRAX });
    const [p, c, k] = await Promise.all(['peaklets', 'peaklet_classification', 'peaks'].map((t) => product(store, t)));
    const merged = k.column('merged') as Uint8Array;
    const type = k.column('type') as Int8Array;
    // strax's synthetic fixture holds few S2s: merging is shown on a simulated run (chain-sim.test.ts)
    expect(k.length).toBeLessThanOrEqual(p.length);
    // every passed-through peak is its peaklet, byte for byte, with the peaklet's classification
    const byTime = new Map([...p.time].map((t, i) => [t, i]));
    let absorbed = 0;
    for (let i = 0; i < k.length; i++) {
      const j = byTime.get(k.time[i]) as number;
      expect(j).toBeDefined();
      if (merged[i]) {
        expect(type[i]).toBe(2);
        let n = 0;
        let area = 0;
        for (; j + n < p.length && p.time[j + n] < k.endTime()[i]; n++) area += p.column('area')[j + n] as number;
        absorbed += n;
        expect(k.column('area')[i]).toBeCloseTo(area, 1);
        continue;
      }
      absorbed++;
      expect(type[i]).toBe(c.column('type')[j]);
      expect(k.column('area_per_channel').subarray(i * 494, (i + 1) * 494)).toEqual(
        p.column('area_per_channel').subarray(j * 494, (j + 1) * 494),
      );
      expect(k.column('data')[i * 200 + 3]).toBe(p.column('data')[j * 200 + 3]);
    }
    expect(absorbed).toBe(p.length);
  });

  it('stops on a classification that does not belong to the peaklets', async () => {
    const store = await fixtureStore('multi_raw_records');
    await processRun(store, { run: 'r', target: 'peaklet_classification', plugins, settings: STRAX });
    const [p, c] = await Promise.all(['peaklets', 'peaklet_classification'].map((t) => product(store, t)));
    const short = { peaklets: p, peaklet_classification: c.slice(1) };
    expect(() => peaksPlugin.compute(short, OPTIONS, CONTEXT)).toThrow(
      `peaklet_classification has ${c.length - 1} rows for ${p.length} peaklets: classify these peaklets again`,
    );
    const shifted = new RecordBatch(peakletClassification, c.length, {
      ...c.columns,
      time: c.time.map((t, i) => (i === 2 ? t + 10n : t)),
    } as never);
    const err = (() => {
      try {
        peaksPlugin.compute({ peaklets: p, peaklet_classification: shifted }, OPTIONS, CONTEXT);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(isUserError(err)).toBe(true);
    expect(err?.message).toBe(
      `peaklet_classification row 2 (time ${p.time[2] + 10n} ns) is not peaklet 2 (time ${p.time[2]} ns)`,
    );
    expect(() =>
      peaksPlugin.compute(
        { peaklets: p, peaklet_classification: c },
        { ...OPTIONS, s2_merge_gap_thresholds: [1, 2, 3] },
        CONTEXT,
      ),
    ).toThrow("option 's2_merge_gap_thresholds' needs pairs of log10(area), gap; got [1,2,3]");
  });
});
