import { RecordBatch, rawRecords, SAMPLES_PER_RECORD } from '@dance/schema';
import { Random } from '@dance/sim';

/**
 * A small, seeded, XENONnT-like raw_records set for the CLI tests (the simulator's random streams): PMT pulses
 * as a ZLE digitizer writes them (baseline 16000 ADC, 10 ns samples, Gaussian noise, one
 * negative-going photoelectron-like pulse per window), cut into 110-sample records. It is test data
 * with the right layout and plausible values, not a detector simulation.
 */
export interface DemoRawRecordsOptions {
  seed: number;
  /** Number of digitizer pulses (each gives one or more records). */
  pulses: number;
  /** Run start, ns since the Unix epoch. */
  start: bigint;
  /** Pulses start uniformly within this many ns after `start`. */
  durationNs: number;
  channels?: number;
}

const DT_NS = 10;
const BASELINE_ADC = 16000;
const NOISE_RMS_ADC = 2;
/** A ZLE window keeps 50 samples either side of the excursion, so the pulse peaks at sample 50. */
const PEAK_SAMPLE = 50;

export function demoRawRecords({
  seed,
  pulses,
  start,
  durationNs,
  channels = 494,
}: DemoRawRecordsOptions): RecordBatch<typeof rawRecords.fields> {
  const rng = Random.stream(seed, 0);
  const random = () => rng.uniform();
  const slots = Math.floor(durationNs / DT_NS);
  const pulseStart = new BigInt64Array(pulses);
  const pulseChannel = new Int16Array(pulses);
  const pulseSamples = new Int32Array(pulses);
  let records = 0;
  let longest = 0;
  for (let p = 0; p < pulses; p++) {
    pulseStart[p] = start + BigInt(Math.floor(random() * slots) * DT_NS);
    pulseChannel[p] = Math.floor(random() * channels);
    pulseSamples[p] = 100 + 2 * Math.floor(random() * 100); // ZLE windows are even-length, >= 100 samples
    records += Math.ceil(pulseSamples[p] / SAMPLES_PER_RECORD);
    longest = Math.max(longest, pulseSamples[p]);
  }

  const out = RecordBatch.allocate(rawRecords, records);
  const { time, length, dt, channel, pulse_length, record_i, baseline, data } = out.columns;
  const waveform = new Int16Array(longest);
  let r = 0;
  for (let p = 0; p < pulses; p++) {
    const n = pulseSamples[p];
    const amplitude = 15 + 60 * -Math.log(1 - random()); // ADC; exponential, like a PMT's SPE spectrum tail
    const decay = 4 + 4 * random(); // samples
    for (let s = 0; s < n; s++) {
      const k = s - PEAK_SAMPLE;
      const shape = k < -2 ? 0 : k < 0 ? (k + 3) / 3 : Math.exp(-k / decay);
      waveform[s] = Math.round(BASELINE_ADC - amplitude * shape + NOISE_RMS_ADC * rng.normal());
    }
    for (let i = 0; i * SAMPLES_PER_RECORD < n; i++, r++) {
      const first = i * SAMPLES_PER_RECORD;
      const len = Math.min(SAMPLES_PER_RECORD, n - first);
      time[r] = pulseStart[p] + BigInt(first * DT_NS);
      length[r] = len;
      dt[r] = DT_NS;
      channel[r] = pulseChannel[p];
      pulse_length[r] = n;
      record_i[r] = i;
      baseline[r] = BASELINE_ADC;
      data.set(waveform.subarray(first, first + len), r * SAMPLES_PER_RECORD);
    }
  }
  return out.sortByTime();
}
