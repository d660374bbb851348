/**
 * Counter-based random streams. Every stream is keyed by small integers (run seed, stream kind,
 * event or channel, block), so the numbers an event or a noise block gets never depend on how the
 * run is cut into chunks or spread over workers. The generator is sfc32 (small, fast, passes
 * PractRand to 2^40 bytes); keys are mixed with murmur3's finaliser.
 */

/** Stream kinds: the first key word after the seed, so streams of different purpose never collide. */
export const STREAM = {
  eventTimes: 1,
  event: 2,
  darkCounts: 3,
  singleElectrons: 4,
  noiseTable: 5,
  noiseBlock: 6,
} as const;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few 32-bit words (each word's full value matters). */
export function hashWords(a: number, b: number, c = 0, d = 0): number {
  let h = fmix32((a ^ 0x9e3779b9) >>> 0);
  h = fmix32((h + Math.imul(b | 0, 0x27d4eb2f)) >>> 0);
  h = fmix32((h ^ Math.imul(c | 0, 0x165667b1)) >>> 0);
  return fmix32((h + Math.imul(d | 0, 0x61c88647)) >>> 0);
}

const TWO_POW_32 = 4294967296;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** The stream for key (seed, kind, i, j); i and j may exceed 2^32 (split into two words). */
  static stream(seed: number, kind: number, i = 0, j = 0): Random {
    const iHi = Math.floor(i / TWO_POW_32);
    const jHi = Math.floor(j / TWO_POW_32);
    const k = hashWords(seed >>> 0, kind, iHi, jHi);
    return new Random(hashWords(k, i >>> 0, j >>> 0, 1), hashWords(k, i >>> 0, j >>> 0, 2), k, 0x6a09e667);
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32;
  }

  /** Standard normal (Marsaglia's polar method; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  gauss(mean: number, sigma: number): number {
    return mean + sigma * this.normal();
  }

  exponential(mean: number): number {
    return -mean * Math.log(this.uniform());
  }

  /** Poisson; exact (Knuth) below mean 40, rounded normal above (relative error of the variance < 1 %). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 40) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /** Binomial; exact (waiting times) when n·min(p, 1−p) < 25, rounded clamped normal above. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    let k: number;
    if (n * q < 25) {
      // count successes by jumping over geometric gaps of failures
      const logFail = Math.log1p(-q);
      k = 0;
      let at = 0;
      for (;;) {
        at += Math.floor(Math.log(this.uniform()) / logFail) + 1;
        if (at > n) break;
        k++;
      }
    } else {
      k = Math.round(n * q + Math.sqrt(n * q * (1 - q)) * this.normal());
      k = Math.min(n, Math.max(0, k));
    }
    return flip ? n - k : k;
  }
}
