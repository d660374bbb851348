import { describe, expect, it } from 'vitest';
import { buildPeaklets, findHits, type RawRecordColumns, recordsFromRawRecords, type Table } from '../src/index.js';

const SAMPLES = 110;
const BASELINE = 16000;

/**
 * One 110-sample record per channel at the same time, flat at the baseline, with a negative pulse
 * (raw ADC BASELINE − depth) over samples [50, 60): depth BASELINE makes the raw ADC reach 0.
 */
function coincidence(depths: number[]): Table<RawRecordColumns> {
  const n = depths.length;
  const data = new Int16Array(n * SAMPLES).fill(BASELINE);
  for (const [r, depth] of depths.entries()) data.fill(BASELINE - depth, r * SAMPLES + 50, r * SAMPLES + 60);
  return {
    length: n,
    columns: {
      time: new BigInt64Array(n).fill(1_000_000n),
      length: new Int32Array(n).fill(SAMPLES),
      dt: new Int16Array(n).fill(10),
      channel: Int16Array.from(depths, (_, i) => i),
      pulse_length: new Int32Array(n).fill(SAMPLES),
      record_i: new Int16Array(n),
      baseline: new Int16Array(n),
      data,
    },
  };
}

function peaklets(depths: number[]) {
  const records = recordsFromRawRecords(coincidence(depths));
  return buildPeaklets(records, findHits(records), { toPe: new Float64Array(4).fill(0.005), nTopChannels: 2 });
}

describe('saturation flags in peaklets', () => {
  it('flags the channels whose raw ADC reached 0 under a hit, once each', () => {
    const p = peaklets([500, BASELINE, 700, BASELINE]);
    expect(p.length).toBe(1);
    expect(p.columns.n_saturated_channels[0]).toBe(2);
    expect([...p.columns.saturated_channel.subarray(0, 4)]).toEqual([0, 1, 0, 1]);
  });

  it('leaves pulses that stop short of 0 unflagged', () => {
    const p = peaklets([500, BASELINE - 1, 700]);
    expect(p.columns.n_saturated_channels[0]).toBe(0);
    expect(p.columns.saturated_channel.subarray(0, 3).every((x) => x === 0)).toBe(true);
  });
});
