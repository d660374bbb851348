import { describe, expect, it } from 'vitest';
import { binRecords, type PulseColumns } from '../src/waveform/bin.js';

/** Records of 4 samples each; `rows` gives time offset (ns), channel and samples. */
function records(rows: { t: number; channel: number; samples: number[] }[], baseline?: number): PulseColumns {
  return {
    time: BigInt64Array.from(rows, (r) => 1_000_000_000n + BigInt(r.t)),
    length: Int32Array.from(rows, (r) => r.samples.length),
    dt: Int16Array.from(rows, () => 10),
    channel: Int16Array.from(rows, (r) => r.channel),
    data: Int16Array.from(rows.flatMap((r) => [...r.samples, ...Array(4 - r.samples.length).fill(0)])),
    samplesPerRecord: 4,
    baseline: baseline === undefined ? undefined : Int16Array.from(rows, () => baseline),
  };
}

const view = { start: 1_000_000_000n, width: 100, bins: 5 };

describe('binRecords', () => {
  it('puts each baselined sample into its bin as mean amplitude, per channel and summed', () => {
    const w = binRecords(
      records([
        { t: 0, channel: 0, samples: [2, 4, 6, 8] },
        { t: 20, channel: 2, samples: [1, 1] },
      ]),
      view,
      3,
    );
    // bins of 20 ns hold two 10 ns samples: mean of (2,4) = 3, (6,8) = 7; channel 2 adds 1 to bin 1
    expect(Array.from(w.sum)).toEqual([3, 8, 0, 0, 0]);
    expect(Array.from(w.matrix.subarray(0, 5))).toEqual([3, 7, 0, 0, 0]);
    expect(Array.from(w.matrix.subarray(10, 15))).toEqual([0, 1, 0, 0, 0]);
    expect(w.activeChannels).toBe(2);
  });

  it('turns raw_records pulses (down from the baseline) into positive amplitudes', () => {
    const w = binRecords(records([{ t: 40, channel: 1, samples: [16000, 15990] }], 16000), view, 2);
    expect(Array.from(w.sum)).toEqual([0, 0, 5, 0, 0]);
  });

  it('keeps the integral of the samples inside the window and drops those outside', () => {
    const w = binRecords(
      records([
        { t: -20, channel: 0, samples: [5, 5, 5, 5] },
        { t: 90, channel: 0, samples: [7, 7, 7] },
        { t: 50, channel: 9, samples: [100] },
      ]),
      view,
      2,
    );
    const integral = w.sum.reduce((a, b) => a + b, 0) * (view.width / view.bins);
    // inside: t = 0, 10 of the first record (5 ADC × 10 ns each) and t = 90 of the second (7 × 10)
    expect(integral).toBe(170);
    expect(w.activeChannels).toBe(1); // channel 9 is outside the matrix
  });
});
