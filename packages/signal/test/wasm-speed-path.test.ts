import { assemble } from '@dance/wasm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BaselineOptions,
  findHits,
  type HitOptions,
  type RawRecordColumns,
  recordsFromRawRecords,
  type Table,
} from '../src/index.js';
import { useWasmKernels } from '../src/wasm/kernels.js';
import { BASELINE, FLIP, SCAN } from '../src/wasm/kernels-module.js';
import { fixture, readNpyGz } from './npy.js';

// lib ES2023 without DOM has no WebAssembly types: the little used here
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

/** records and hits through the wasm kernels and through the plain-JS loops. */
function bothPaths(raw: Table<RawRecordColumns>, hitOptions: HitOptions = {}, baseline: BaselineOptions = {}) {
  useWasmKernels(true);
  const wasmRecords = recordsFromRawRecords(raw, baseline);
  const wasm = { records: wasmRecords, hits: findHits(wasmRecords, hitOptions) };
  useWasmKernels(false);
  const plainRecords = recordsFromRawRecords(raw, baseline);
  const plain = { records: plainRecords, hits: findHits(plainRecords, hitOptions) };
  useWasmKernels(true);
  return { wasm, plain };
}

/** Every column byte for byte (NaNs included), naming the first that differs. */
function expectSameColumns(a: Table<object>, b: Table<object>) {
  expect(a.length).toBe(b.length);
  const bytes = (x: ArrayBufferView) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  for (const [name, column] of Object.entries(a.columns) as [string, ArrayBufferView][]) {
    const other = (b.columns as Record<string, ArrayBufferView>)[name];
    expect(bytes(column).equals(bytes(other)), name).toBe(true);
  }
}

/** Deterministic raw_records: channels 0..9, lengths 0..samples, continuation records, int16 extremes. */
function syntheticRaw(n: number, samples: number, seed: number): Table<RawRecordColumns> {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const c: RawRecordColumns = {
    time: new BigInt64Array(n),
    length: new Int32Array(n),
    dt: new Int16Array(n).fill(10),
    channel: new Int16Array(n),
    pulse_length: new Int32Array(n),
    record_i: new Int16Array(n),
    baseline: new Int16Array(n),
    data: new Int16Array(n * samples),
  };
  const started = new Set<number>();
  for (let i = 0; i < n; i++) {
    c.time[i] = 1_700_000_000_000_000_000n + BigInt(i * samples * 10); // never overlapping in a channel
    const ch = Math.floor(random() * 10);
    c.channel[i] = ch;
    c.record_i[i] = started.has(ch) && random() < 0.4 ? 1 : 0;
    started.add(ch);
    c.length[i] = random() < 0.7 ? samples : Math.floor(random() * (samples + 1));
    c.pulse_length[i] = c.length[i];
    const base = random() < 0.1 ? -32768 + Math.floor(random() * 64) : 16000 + Math.floor(random() * 8);
    for (let j = 0; j < samples; j++) {
      const pulse = random() < 0.15 ? Math.floor(random() * 200) : 0;
      const extreme = random() < 0.01 ? (random() < 0.5 ? -32768 : 32767) : undefined;
      c.data[i * samples + j] = extreme ?? Math.max(-32768, Math.min(32767, base - pulse + Math.floor(random() * 5)));
    }
  }
  return { length: n, columns: c };
}

describe('the wasm kernels and the plain-JS loops agree bit for bit', () => {
  afterEach(() => useWasmKernels(true));

  it('assembles a module that instantiates here (so the wasm path is the one compared)', () => {
    const bytes = assemble([BASELINE, FLIP, SCAN]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(Object.keys(new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports)).toEqual([
      'memory',
      'baseline',
      'flip',
      'scan',
    ]);
  });

  for (const name of ['raw_records', 'multi_raw_records']) {
    it(`on the strax fixture ${name}`, () => {
      const { wasm, plain } = bothPaths(readNpyGz<RawRecordColumns>(fixture(name)), { minAmplitude: 15 });
      expectSameColumns(wasm.records, plain.records);
      expect(wasm.hits.length).toBeGreaterThan(100);
      expectSameColumns(wasm.hits, plain.hits);
    });
  }

  // 13 samples: rows end mid-vector; 2000 rows of 110 span several of the kernels' blocks.
  for (const [samples, n] of [
    [13, 700],
    [110, 2000],
  ]) {
    it(`on ${n} synthetic records of ${samples} samples (short rows, continuation records, int16 extremes)`, () => {
      const raw = syntheticRaw(n, samples, samples);
      const perChannel = [15, -40000, Number.NaN, 32767, 40000, 0, 1, 100, 2.5, -3];
      for (const options of [{ minAmplitude: 15 }, { minAmplitude: perChannel }, { minHeightOverNoise: 3 }]) {
        const { wasm, plain } = bothPaths(raw, options);
        expectSameColumns(wasm.records, plain.records);
        expectSameColumns(wasm.hits, plain.hits);
      }
      // baseline windows longer than the record, of one sample, and none (NaN baselines flip by 0)
      for (const baselineSamples of [samples + 5, 1, 0]) {
        const { wasm, plain } = bothPaths(raw, { minAmplitude: 15 }, { baselineSamples });
        expectSameColumns(wasm.records, plain.records);
        expectSameColumns(wasm.hits, plain.hits);
      }
    });
  }

  it('notes every hit of a row that alternates above and below threshold', () => {
    const raw = syntheticRaw(3, 110, 1);
    raw.columns.channel.fill(4);
    raw.columns.record_i.set([0, 1, 1]); // one pulse: all rows flip by the first row's baseline, 1500
    raw.columns.length.set([110, 109, 7]);
    for (let j = 0; j < 330; j++) raw.columns.data[j] = j % 2 === 0 ? 1000 : 2000; // flipped: every other sample hits
    const { wasm, plain } = bothPaths(raw, { minAmplitude: 100 });
    expect(wasm.hits.length).toBe(55 + 55 + 4);
    expectSameColumns(wasm.hits, plain.hits);
  });
});
