/**
 * Adler-32 (RFC 1950), the checksum Rucio and XRootD compare transfers by. Hand-written because it
 * runs over every stored byte: the sums are reduced modulo 65521 only once every NMAX = 5552 bytes,
 * the longest run after which b still fits in 32 bits (zlib's bound), so the inner loop only adds.
 * Inputs of SIMD_FROM bytes and more go through the WebAssembly SIMD kernel in 16-byte blocks.
 */
import { adler32Blocks } from './adler32-simd.js';

const MOD = 65521;
const NMAX = 5552;
/** Below this the scalar loop wins: copying into the kernel's memory and the call cost more. */
const SIMD_FROM = 512;

/** Streaming Adler-32: feed bytes with update(), read the sum with digest() or hex(). */
export class Adler32 {
  private a = 1;
  private b = 0;

  update(bytes: Uint8Array): this {
    let { a, b } = this;
    let i = 0;
    const n = bytes.length;
    if (n >= SIMD_FROM) {
      i = n - (n % 16);
      const sums = adler32Blocks(bytes.subarray(0, i), a, b);
      a = sums & 0xffff;
      b = sums >>> 16;
    }
    while (i < n) {
      const stop = Math.min(i + NMAX, n);
      // four bytes per step: b gains 4a + 4x0 + 3x1 + 2x2 + x3, with fewer dependent adds
      for (const stop4 = stop - 3; i < stop4; i += 4) {
        const x0 = bytes[i];
        const x1 = bytes[i + 1];
        const x2 = bytes[i + 2];
        const x3 = bytes[i + 3];
        b += 4 * a + 4 * x0 + 3 * x1 + 2 * x2 + x3;
        a += x0 + x1 + x2 + x3;
      }
      for (; i < stop; i++) {
        a += bytes[i];
        b += a;
      }
      a %= MOD;
      b %= MOD;
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** The checksum as an unsigned 32-bit integer. */
  digest(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }

  /** The checksum as 8 lowercase hex digits, as Rucio writes it. */
  hex(): string {
    return this.digest().toString(16).padStart(8, '0');
  }
}

/** Adler-32 of `bytes` as an unsigned 32-bit integer. */
export function adler32(bytes: Uint8Array): number {
  return new Adler32().update(bytes).digest();
}
