import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Adler32, adler32 } from '../src/checksum/adler32.js';
import { adler32Blocks } from '../src/checksum/adler32-simd.js';

const zlibAdler32 = (bytes: Uint8Array) => {
  const z = deflateSync(bytes, { level: 1 });
  return z.readUInt32BE(z.length - 4);
};

describe('adler32, WebAssembly SIMD blocks', () => {
  it('matches zlib around the span, piece and block boundaries, for random and all-0xff bytes', () => {
    for (const n of [512, 527, 5536, 5537, 5552, 11_072, 1_048_576, 1_048_592, 2_100_003]) {
      for (const worst of [false, true]) {
        const bytes = randomBytes(n);
        if (worst) bytes.fill(0xff); // the largest sums the deferred modulo must hold
        expect(adler32(bytes), `${n} bytes${worst ? ' of 0xff' : ''}`).toBe(zlibAdler32(bytes));
      }
    }
  });

  it('continues from sums just below the modulus without overflow', () => {
    const bytes = new Uint8Array(5536 * 3).fill(0xff);
    // a = b = 65520: the worst start; the scalar loop on the same input is the reference
    const simd = adler32Blocks(bytes, 65520, 65520);
    let a = 65520;
    let b = 65520;
    for (const x of bytes) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    expect(simd).toBe(((b << 16) | a) >>> 0);
  });

  it('streams pieces of any length (odd offsets, SIMD and scalar mixed) to the same sum', () => {
    const bytes = randomBytes(3_000_017);
    const s = new Adler32();
    for (let at = 0, k = 1; at < bytes.length; at += 777 * k, k = (k * 7) % 1000)
      s.update(bytes.subarray(at, at + 777 * k));
    expect(s.digest()).toBe(zlibAdler32(bytes));
  });
});
