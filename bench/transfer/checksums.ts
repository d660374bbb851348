// Checksum speeds on one core, side by side in one process: adler32 through @dance/store (WebAssembly
// SIMD from 512 bytes on), the same scalar JS loop it falls back to (fed 496-byte pieces, which stay
// below the SIMD threshold), and node:crypto's sha256 (OpenSSL, SHA-NI where the CPU has it).
// Usage: npx tsx bench/transfer/checksums.ts [sizeMB=64] [repeats=9]
import { createHash, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Adler32 } from '../../packages/store/src/index.js';

const sizeMB = Number(process.argv[2] ?? 64);
const repeats = Number(process.argv[3] ?? 9);
const bytes = randomBytes(sizeMB * 1_000_000);
const SCALAR_PIECE = 496;

const kernels: Record<string, () => unknown> = {
  'adler32, WebAssembly SIMD': () => new Adler32().update(bytes).hex(),
  'adler32, scalar JS': () => {
    const sum = new Adler32();
    for (let at = 0; at < bytes.length; at += SCALAR_PIECE) sum.update(bytes.subarray(at, at + SCALAR_PIECE));
    return sum.hex();
  },
  'sha256, node:crypto': () => createHash('sha256').update(bytes).digest('hex'),
};
const seconds: Record<string, number[]> = {};
for (let i = 0; i < repeats; i++) {
  for (const [name, run] of Object.entries(kernels)) {
    const t0 = performance.now();
    run();
    (seconds[name] ??= []).push((performance.now() - t0) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${sizeMB} MB, median of ${repeats}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const [name, xs] of Object.entries(seconds)) console.log(`${name}: ${(sizeMB / median(xs)).toFixed(0)} MB/s`);
