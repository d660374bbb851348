/**
 * Time in DANCE is int64 nanoseconds since the Unix epoch (as strax and pandas store it), held in
 * memory as bigint. These helpers convert at the edges without ever passing through a float.
 */

const NS_PER_MS = 1_000_000n;

/** ISO 8601 UTC with all nine fractional digits, e.g. `2026-01-02T03:04:05.123456789Z`. */
export function nsToIso(ns: bigint): string {
  let ms = ns / NS_PER_MS;
  let subMs = ns % NS_PER_MS;
  if (subMs < 0n) {
    subMs += NS_PER_MS;
    ms -= 1n;
  }
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) throw new RangeError(`time ${ns} ns is outside the range of a calendar date`);
  const base = date.toISOString(); // ...SS.mmmZ
  return `${base.slice(0, -1)}${subMs.toString().padStart(6, '0')}Z`;
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses ISO 8601 with up to nine fractional digits into ns since the epoch. */
export function isoToNs(iso: string): bigint {
  const m = ISO.exec(iso);
  if (!m) throw new Error(`'${iso}' is not an ISO 8601 time such as 2026-01-02T03:04:05.123456789Z`);
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(seconds)) throw new Error(`'${iso}' is not a valid calendar time`);
  const frac = BigInt((m[2] ?? '').padEnd(9, '0') || '0');
  return BigInt(seconds) * NS_PER_MS + frac;
}

/** Current time in ns since the epoch (millisecond resolution). */
export function nowNs(): bigint {
  return BigInt(Date.now()) * NS_PER_MS;
}

export const NS_PER_SECOND = 1_000_000_000n;
