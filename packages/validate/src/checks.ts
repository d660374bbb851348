/** The pass/fail criteria of `dance validate`, declared once. */
export const THRESHOLDS = {
  s1_efficiency: { what: 'S1 finding efficiency, true S1s ≥ 20 PE', minPe: 20, min: 0.9 },
  s2_efficiency: { what: 'S2 finding efficiency, true S2s ≥ 1000 PE', minPe: 1000, min: 0.95 },
  s1_area_bias: { what: '|median reco/true area − 1|, S1s ≥ 20 PE', minPe: 20, max: 0.1 },
  s2_area_bias: { what: '|median reco/true area − 1|, S2s ≥ 1000 PE', minPe: 1000, max: 0.1 },
  s2_position: { what: '68 % radial position error [cm], S2s ≥ 1000 PE', minPe: 1000, max: 1 },
  kr_merged_energy: { what: '|fitted 41.5 keV line mean / 41.5 − 1|', max: 0.05 },
} as const;

export type CheckId = keyof typeof THRESHOLDS;

/** Fewer entries than this and a check is skipped (reported, not failed). */
export const MIN_ENTRIES = 10;

export interface Check {
  id: CheckId;
  what: string;
  /** NaN when skipped. */
  measured: number;
  limit: number;
  /** How many peaks or events the figure rests on. */
  entries: number;
  passed: boolean;
  /** Why the check could not be made (then `passed` is true). */
  skipped?: string;
}

/** A check of `measured` (from `entries` entries) against its threshold; `unavailable` skips it. */
export function check(id: CheckId, measured: number, entries: number, unavailable?: string): Check {
  const t: { what: string; min?: number; max?: number } = THRESHOLDS[id];
  const limit = t.min ?? t.max!;
  const base = { id, what: t.what, limit, entries };
  const why = unavailable ?? (entries < MIN_ENTRIES ? `${entries} entries, fewer than ${MIN_ENTRIES}` : undefined);
  if (why !== undefined) return { ...base, measured: Number.NaN, passed: true, skipped: why };
  const passed = t.min !== undefined ? measured >= t.min : Math.abs(measured) <= t.max!;
  return { ...base, measured, passed };
}
