import { describe, expect, it } from 'vitest';
import { sleb128, uleb128 } from '../src/index.js';

/** Decoders written from the spec, to check the encoders by round trip. */
function readUnsigned(bytes: number[]): number {
  return bytes.reduce((sum, byte, i) => sum + (byte & 0x7f) * 2 ** (7 * i), 0);
}
function readSigned(bytes: number[]): number {
  const value = readUnsigned(bytes);
  const bits = 7 * bytes.length;
  return bytes[bytes.length - 1] & 0x40 ? value - 2 ** bits : value;
}

describe('LEB128', () => {
  it('encodes the known examples', () => {
    expect(uleb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(uleb128(0)).toEqual([0]);
    expect(uleb128(127)).toEqual([0x7f]);
    expect(uleb128(128)).toEqual([0x80, 0x01]);
    expect(uleb128(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb128(63)).toEqual([0x3f]);
    expect(sleb128(64)).toEqual([0xc0, 0x00]);
    expect(sleb128(-1)).toEqual([0x7f]);
    expect(sleb128(-64)).toEqual([0x40]);
    expect(sleb128(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb128(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('round-trips across the 32-bit ranges, ending every encoding at its last byte', () => {
    const values = [0, 1, 63, 64, 127, 128, 255, 16383, 16384, 2 ** 21, 2 ** 28 - 1, 2 ** 31 - 1];
    for (const n of [...values, 2 ** 31, 2 ** 32 - 1]) {
      const bytes = uleb128(n);
      expect(readUnsigned(bytes)).toBe(n);
      expect(bytes.slice(0, -1).every((b) => b & 0x80) && !(bytes[bytes.length - 1] & 0x80)).toBe(true);
    }
    for (const n of [...values, ...values.map((x) => -x - 1), -(2 ** 31)]) {
      const bytes = sleb128(n);
      expect(readSigned(bytes)).toBe(n);
      expect(bytes.length).toBe(Math.max(1, Math.ceil((Math.log2(n < 0 ? -n : n + 1) + 1) / 7)));
    }
  });

  it('refuses values the encoding cannot hold rather than truncating them', () => {
    expect(() => uleb128(-1)).toThrow('unsigned LEB128: -1 is not an integer in 0..4294967295');
    expect(() => uleb128(2 ** 32)).toThrow('unsigned LEB128: 4294967296 is not an integer in 0..4294967295');
    expect(() => uleb128(1.5)).toThrow('unsigned LEB128: 1.5 is not an integer');
    expect(() => sleb128(2 ** 31)).toThrow('signed LEB128: 2147483648 is not an integer in -2147483648..2147483647');
    expect(() => sleb128(Number.NaN)).toThrow('signed LEB128: NaN is not an integer');
  });
});
