/** Tick values a reader can read off an axis: round numbers, a handful per axis. */

/** Rounds away the float noise of k × step (0.30000000000000004 → 0.3). */
const clean = (v: number) => Number(v.toPrecision(12));

/** About five round ticks (1, 2 or 5 × 10^k apart) inside [lo, hi]; [lo] when the range is empty. */
export function linearTicks(lo: number, hi: number): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [];
  if (!(hi > lo)) return [clean(lo)];
  const raw = (hi - lo) / 5;
  const decade = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5].map((m) => m * decade).find((s) => s >= raw) ?? 10 * decade;
  const ticks: number[] = [];
  // Integer multiples of the step (no accumulated sums), with a little slack for lo/hi on a tick.
  for (let k = Math.ceil(lo / step - 1e-9); k <= Math.floor(hi / step + 1e-9); k++) ticks.push(clean(k * step));
  return ticks;
}

/**
 * Ticks on a log axis over [lo, hi] (lo > 0): powers of ten (every second, third, … when there are more than
 * eight); 1, 2 and 5 × 10^k when fewer than two powers fall inside; linear ticks for a very narrow range.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && Number.isFinite(hi) && hi > lo)) return lo > 0 && Number.isFinite(lo) ? [clean(lo)] : [];
  const inside = (v: number) => v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12);
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const powers: number[] = [];
  for (let e = e0; e <= e1; e++) if (inside(clean(10 ** e))) powers.push(e);
  if (powers.length >= 2) {
    const every = Math.ceil(powers.length / 8);
    return powers.filter((e) => e % every === 0).map((e) => clean(10 ** e));
  }
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++)
    for (const m of [1, 2, 5]) if (inside(clean(m * 10 ** e))) ticks.push(clean(m * 10 ** e));
  return ticks.length >= 2 ? ticks : linearTicks(lo, hi);
}

/** A tick's text: plain decimals, exponent form for very large or small magnitudes (1e+5, 2.5e-4). */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  return a >= 1e5 || (a < 1e-3 && v !== 0) ? v.toExponential() : String(v);
}
