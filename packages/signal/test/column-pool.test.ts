import { describe, expect, it } from 'vitest';
import {
  buildPeaklets,
  findHits,
  giveBackColumns,
  keptColumnBytes,
  lendColumn,
  type PeakletColumns,
  type RawRecordColumns,
  recordsFromRawRecords,
} from '../src/index.js';
import { firstDifference, fixture, readNpyGz } from './npy.js';

describe('the column pool', () => {
  it('lends a given-back buffer again, zeroed, and never the same one twice at once', () => {
    const a = lendColumn(Float64Array, 100_000);
    a.fill(7);
    giveBackColumns({ a });
    const b = lendColumn(Float64Array, 90_000);
    expect(b.buffer).toBe(a.buffer);
    expect(b.every((x) => x === 0)).toBe(true);
    const c = lendColumn(Float64Array, 90_000);
    expect(c.buffer).not.toBe(b.buffer);
    giveBackColumns({ b, c });
  });

  it('ignores arrays it did not lend and buffers given back twice', () => {
    const before = keptColumnBytes();
    const own = new Float64Array(100_000);
    giveBackColumns({ own, text: 'not an array', n: 3 });
    expect(keptColumnBytes()).toBe(before);
    const a = lendColumn(Int32Array, 50_000);
    giveBackColumns({ a, view: a.subarray(10) });
    giveBackColumns({ a });
    const kept = keptColumnBytes();
    expect(kept).toBe(before + a.buffer.byteLength);
    const x = lendColumn(Int32Array, 50_000);
    const y = lendColumn(Int32Array, 50_000);
    expect(x.buffer === a.buffer || y.buffer === a.buffer).toBe(true);
    expect(x.buffer).not.toBe(y.buffer);
  });

  it('does not lend a buffer more than twice the size asked for', () => {
    const big = lendColumn(Uint8Array, 4 << 20);
    giveBackColumns({ big });
    expect(lendColumn(Uint8Array, 1 << 20).buffer).not.toBe(big.buffer);
    expect(lendColumn(Uint8Array, 3 << 20).buffer).toBe(big.buffer);
  });

  it('keeps peaklets bit-identical to strax when every table is given back between calls', () => {
    const toPe = new Float64Array(494).fill(0.005);
    // alternating two runs, so reused buffers hold another run's waveforms: no byte of them may show
    const runs = ['', 'multi_', '', 'multi_'].map((prefix) => ({
      raw: readNpyGz<RawRecordColumns>(fixture(`${prefix}raw_records`)),
      strax: readNpyGz<PeakletColumns>(fixture(`${prefix}peaklets`)),
    }));
    for (const [call, { raw, strax }] of runs.entries()) {
      const records = recordsFromRawRecords(raw);
      const hits = findHits(records);
      const ours = buildPeaklets(records, hits, { toPe, nTopChannels: 253 });
      expect(ours.length).toBe(strax.length);
      for (const name of Object.keys(strax.columns) as (keyof PeakletColumns)[]) {
        if (name === 'tight_coincidence') continue;
        const width = strax.columns[name].length / strax.length;
        expect(firstDifference(ours.columns[name], strax.columns[name], width), `call ${call}: ${name}`).toBe(-1);
      }
      for (const t of [records, hits, ours]) giveBackColumns(t.columns);
    }
  });
});
