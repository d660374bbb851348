import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Adler32, adler32 } from '../src/checksum/adler32.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('adler32', () => {
  it('matches known vectors', () => {
    expect(adler32(text('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(text(''))).toBe(1);
    expect(new Adler32().update(text('hello')).hex()).toBe('062c0215');
  });

  it('matches zlib (the adler32 in a deflate stream trailer) across NMAX boundaries', () => {
    for (const n of [1, 5551, 5552, 5553, 100_000, 1_000_003]) {
      const bytes = randomBytes(n);
      bytes.fill(0xff, 0, Math.min(n, 20_000)); // worst case for the deferred modulo
      const z = deflateSync(bytes);
      expect(adler32(bytes)).toBe(z.readUInt32BE(z.length - 4));
    }
  });

  it('streams: pieces give the same sum as the whole', () => {
    const bytes = randomBytes(70_001);
    const s = new Adler32();
    for (let at = 0; at < bytes.length; at += 3331) s.update(bytes.subarray(at, at + 3331));
    expect(s.digest()).toBe(adler32(bytes));
  });
});
