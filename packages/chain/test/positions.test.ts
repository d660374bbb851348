import { isUserError, peaklets, RecordBatch } from '@dance/schema';
import { lightFractions } from '@dance/signal';
import { describe, expect, it } from 'vitest';
// the test geometry belongs to @dance/signal's position tests
import { hexArray } from '../../signal/test/top-array.js';
import { peakPositionsPlugin, topArray } from '../src/plugins/peak-positions.js';

const N_TOP = 253;
const grid = hexArray(N_TOP, 7.8);
const OPTIONS = {
  n_top_channels: N_TOP,
  pmt_x: [...grid.x],
  pmt_y: [...grid.y],
  dead_pmts: [17, 402],
  s2_light_height: 7,
  min_reconstruction_area: 10,
};
const CHUNK = { index: 0, start: 0n, end: 10n ** 12n };

/** Peaks (laid out as peaklets, which `peaks` extends) with top patterns from the light model. */
function peaksAt(positions: [number, number][], types: number[], area = 3000): RecordBatch {
  const b = RecordBatch.allocate(peaklets, positions.length);
  const perChannel = b.column('area_per_channel') as Float32Array;
  const f = new Float64Array(N_TOP);
  const everyPmt = { ...grid, live: new Uint8Array(N_TOP).fill(1), lightHeight: 7 };
  positions.forEach(([x, y], k) => {
    b.time[k] = 1_700_000_000_000_000_000n + BigInt(k * 10_000);
    (b.column('length') as Int32Array)[k] = 100;
    (b.column('dt') as Int32Array)[k] = 10;
    (b.column('type') as Int8Array)[k] = types[k];
    lightFractions(everyPmt, x, y, f);
    for (let ch = 0; ch < N_TOP; ch++) perChannel[k * 494 + ch] = area * f[ch];
    perChannel[k * 494 + 300] = 1000; // bottom light plays no part
  });
  perChannel[17] = 5000; // a dead PMT reading junk
  return b;
}

describe('peak_positions plugin', () => {
  it('reconstructs each S2 exactly from a model pattern and keeps the peaks’ times', () => {
    const truth: [number, number][] = [
      [-20.5, 33.1],
      [0, 0],
      [61, -3],
    ];
    const peaks = peaksAt(truth, [2, 1, 2]);
    const out = peakPositionsPlugin.compute({ peaks }, OPTIONS, CHUNK);
    expect(out.length).toBe(3);
    expect(out.time).toEqual(peaks.time);
    expect(out.column('endtime')[2]).toBe(peaks.time[2] + 1000n);
    for (const k of [0, 2]) {
      expect(Math.abs((out.column('x')[k] as number) - truth[k][0])).toBeLessThan(1e-3);
      expect(Math.abs((out.column('y')[k] as number) - truth[k][1])).toBeLessThan(1e-3);
    }
    expect(out.column('x')[1]).toBeNaN();
    expect(out.column('x_centroid')[1]).toBeNaN();
    expect(Math.hypot(out.column('x_centroid')[2] as number, out.column('y_centroid')[2] as number)).toBeLessThan(58);
  });

  it('gives NaN for S2s below min_reconstruction_area', () => {
    const out = peakPositionsPlugin.compute(
      { peaks: peaksAt([[1, 2]], [2], 20) },
      { ...OPTIONS, min_reconstruction_area: 25 },
      CHUNK,
    );
    expect(out.column('x')[0]).toBeNaN();
  });

  it('rejects PMT maps that do not cover the top array, naming the option', () => {
    const err = (o: object) => {
      try {
        topArray({ ...OPTIONS, ...o });
      } catch (e) {
        expect(isUserError(e)).toBe(true);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err({ pmt_y: [1, 2, 3] })).toBe("option 'pmt_y' lists 3 PMTs; the top array has n_top_channels=253");
    expect(err({ dead_pmts: [-3] })).toBe("option 'dead_pmts': -3 is not a channel number");
    expect(err({ s2_light_height: 0 })).toBe("option 's2_light_height' must be > 0 cm, got 0");
    expect(topArray(OPTIONS).live[17]).toBe(0);
    expect(Array.from(topArray({ ...OPTIONS, dead_pmts: -1 }).live).every((v) => v === 1)).toBe(true);
  });
});
