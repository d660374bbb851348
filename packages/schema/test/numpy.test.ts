import { describe, expect, it } from 'vitest';
import {
  fromStructBytes,
  numpyDescr,
  numpyDescrLiteral,
  RecordBatch,
  rawRecords,
  rowLayout,
  toStructBytes,
} from '../src/index.js';

describe('numpy layout of raw_records', () => {
  it('is exactly strax raw_records (244 bytes per row)', () => {
    expect(rowLayout(rawRecords).rowBytes).toBe(244);
    expect(numpyDescr(rawRecords)).toEqual([
      ['time', '<i8'],
      ['length', '<i4'],
      ['dt', '<i2'],
      ['channel', '<i2'],
      ['pulse_length', '<i4'],
      ['record_i', '<i2'],
      ['baseline', '<i2'],
      ['data', '<i2', [110]],
    ]);
    expect(numpyDescrLiteral(rawRecords)).toBe(
      "[('time', '<i8'), ('length', '<i4'), ('dt', '<i2'), ('channel', '<i2'), ('pulse_length', '<i4'), ('record_i', '<i2'), ('baseline', '<i2'), ('data', '<i2', (110,))]",
    );
  });

  it('packs fields at their numpy offsets and round-trips', () => {
    const b = RecordBatch.allocate(rawRecords, 2);
    b.columns.time.set([-(2n ** 63n), 2n ** 63n - 1n]);
    b.columns.length.set([110, 7]);
    b.columns.dt.set([10, 10]);
    b.columns.channel.set([493, -1]);
    b.columns.pulse_length.set([300, 7]);
    b.columns.record_i.set([2, 0]);
    b.columns.baseline.set([16000, 0]);
    for (let i = 0; i < 220; i++) b.columns.data[i] = i - 110;
    const bytes = toStructBytes(b);
    expect(bytes.byteLength).toBe(488);
    const view = new DataView(bytes.buffer);
    expect(view.getBigInt64(244, true)).toBe(2n ** 63n - 1n);
    expect(view.getInt16(244 + 14, true)).toBe(-1); // channel at offset 14
    expect(view.getInt16(22, true)).toBe(16000); // baseline at offset 22
    expect(view.getInt16(24, true)).toBe(-110); // data[0] at offset 24
    const back = fromStructBytes(rawRecords, bytes);
    for (const f of rawRecords.fields) expect([...back.column(f.name)]).toEqual([...b.column(f.name)]);
  });

  it('rejects a byte count that is not whole rows', () => {
    expect(() => fromStructBytes(rawRecords, new Uint8Array(245))).toThrow(
      'raw_records: 245 bytes is not a whole number of 244-byte rows',
    );
  });
});
