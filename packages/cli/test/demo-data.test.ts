import { createHash } from 'node:crypto';
import { SAMPLES_PER_RECORD, toStructBytes } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { demoRawRecords } from './raw-records.js';

const options = { seed: 7, pulses: 400, start: 1_767_225_600_000_000_000n, durationNs: 1e8 };

describe('demo raw_records', () => {
  const batch = demoRawRecords(options);
  const c = batch.columns;

  it('is deterministic for a seed and differs between seeds', () => {
    const digest = (b: typeof batch) => createHash('sha256').update(toStructBytes(b)).digest('hex');
    expect(digest(demoRawRecords(options))).toBe(digest(batch));
    expect(digest(demoRawRecords({ ...options, seed: 8 }))).not.toBe(digest(batch));
  });

  it('is time-ordered, within the run, on the 494 channels, with 10 ns samples', () => {
    expect(batch.isTimeSorted()).toBe(true);
    for (let i = 0; i < batch.length; i++) {
      expect(c.time[i] >= options.start && c.time[i] < options.start + 100_000_000n + 3000n).toBe(true);
      expect(c.channel[i] >= 0 && c.channel[i] < 494).toBe(true);
      expect(c.dt[i]).toBe(10);
      expect(c.baseline[i]).toBe(16000);
    }
  });

  it('cuts each pulse into 110-sample records that add up to its length, zero-padded', () => {
    let pulses = 0;
    let samples = 0;
    for (let i = 0; i < batch.length; i++) {
      const n = c.length[i];
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(SAMPLES_PER_RECORD);
      expect(c.pulse_length[i] % 2).toBe(0);
      if (c.record_i[i] === 0) pulses++;
      samples += n;
      const row = c.data.subarray(i * SAMPLES_PER_RECORD, (i + 1) * SAMPLES_PER_RECORD);
      expect(row.subarray(n).every((x) => x === 0)).toBe(true);
      // noise around the baseline, pulses go down from it
      expect(Math.max(...row.subarray(0, n))).toBeLessThan(16000 + 15);
    }
    expect(pulses).toBe(options.pulses);
    let total = 0;
    for (let i = 0; i < batch.length; i++) if (c.record_i[i] === 0) total += c.pulse_length[i];
    expect(samples).toBe(total);
  });

  it('has a pulse in every first record: its minimum is well below the baseline', () => {
    for (let i = 0; i < batch.length; i++) {
      if (c.record_i[i] !== 0) continue;
      const row = c.data.subarray(i * SAMPLES_PER_RECORD, i * SAMPLES_PER_RECORD + c.length[i]);
      expect(Math.min(...row)).toBeLessThan(16000 - 10);
    }
  });
});
