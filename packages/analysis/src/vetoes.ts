import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '@dance/schema';
import { parse } from 'yaml';

/** Data-quality veto intervals [start, end) in ns, merged: sorted, non-overlapping, non-touching. */
export interface VetoSet {
  file: string;
  name: string;
  version: number;
  lineage: string;
  starts: BigInt64Array;
  ends: BigInt64Array;
}

/**
 * Reads a veto file (YAML): `name`, `version`, `intervals: [[start_ns, end_ns], ...]`; integers are
 * read as int64 exactly. Overlapping intervals are merged, so each event time meets at most one.
 */
export function loadVetoes(file: string): VetoSet {
  let data: Record<string, unknown>;
  try {
    data = parse(readFileSync(file, 'utf8'), { intAsBigInt: true });
  } catch (err) {
    throw new UserError(`${file}: cannot read veto file: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object') throw new UserError(`${file}: expected name, version, intervals`);
  const { name, version, intervals } = data;
  if (typeof name !== 'string' || name === '') throw new UserError(`${file}: key 'name': expected a string`);
  if (typeof version !== 'bigint' || version < 1n)
    throw new UserError(`${file}: key 'version': expected a positive integer`);
  if (!Array.isArray(intervals)) throw new UserError(`${file}: key 'intervals': expected a list of [start_ns, end_ns]`);
  const starts = new BigInt64Array(intervals.length);
  const ends = new BigInt64Array(intervals.length);
  intervals.forEach((iv, i) => {
    if (!Array.isArray(iv) || iv.length !== 2 || typeof iv[0] !== 'bigint' || typeof iv[1] !== 'bigint') {
      throw new UserError(`${file}: intervals[${i}]: expected [start_ns, end_ns] as integers`);
    }
    if (iv[1] <= iv[0]) throw new UserError(`${file}: intervals[${i}]: end ${iv[1]} is not after start ${iv[0]}`);
    starts[i] = iv[0];
    ends[i] = iv[1];
  });
  const merged = mergeIntervals(starts, ends);
  const lineage = createHash('sha256')
    .update(JSON.stringify([name, String(version), [...merged.starts].map(String), [...merged.ends].map(String)]))
    .digest('hex')
    .slice(0, 16);
  return { file, name, version: Number(version), lineage, ...merged };
}

/** Sorts intervals by start and merges overlapping or touching ones. */
export function mergeIntervals(
  starts: BigInt64Array,
  ends: BigInt64Array,
): { starts: BigInt64Array; ends: BigInt64Array } {
  const order = Array.from(starts.keys()).sort((a, b) => (starts[a] < starts[b] ? -1 : starts[a] > starts[b] ? 1 : 0));
  const s: bigint[] = [];
  const e: bigint[] = [];
  for (const i of order) {
    if (s.length && starts[i] <= e[e.length - 1]) {
      if (ends[i] > e[e.length - 1]) e[e.length - 1] = ends[i];
    } else {
      s.push(starts[i]);
      e.push(ends[i]);
    }
  }
  return { starts: BigInt64Array.from(s), ends: BigInt64Array.from(e) };
}

/** Exposure of [start, end) and the part of it not covered by merged vetoes, in ns. */
export function livetime(
  start: bigint,
  end: bigint,
  vetoes: Pick<VetoSet, 'starts' | 'ends'>,
): { exposure: bigint; live: bigint } {
  let dead = 0n;
  for (let i = 0; i < vetoes.starts.length; i++) {
    const a = vetoes.starts[i] > start ? vetoes.starts[i] : start;
    const b = vetoes.ends[i] < end ? vetoes.ends[i] : end;
    if (b > a) dead += b - a;
  }
  return { exposure: end - start, live: end - start - dead };
}
