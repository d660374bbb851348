import { createHash } from 'node:crypto';
import type { FileSpec, RunSpec } from '../src/index.js';

/** Small deterministic test inputs shared by the catalog suites. */
export const T0 = 1_772_323_200_000_000_000n; // 2026-03-01T00:00:00Z

export function runSpec(n: number, extra: Partial<RunSpec> = {}): RunSpec {
  return { id: `kr-${String(n).padStart(3, '0')}`, number: n, start: T0 + BigInt(n) * 3_600_000_000_000n, ...extra };
}

export function fileSpec(scope: string, name: string, size = 1000): FileSpec {
  const sha256 = createHash('sha256').update(`${scope}:${name}`).digest('hex');
  return { scope, name, size, adler32: sha256.slice(0, 8), sha256, start: T0, end: T0 + 10n };
}
