export interface EventWindowOptions {
  /** S2s with more area than this trigger an event, in PE. */
  triggerMinArea: number;
  /** ns the window opens before a trigger starts: left extension + maximum drift time. */
  before: number;
  /** ns the window stays open after a trigger ends. */
  after: number;
}

/** The peak columns event building reads: start and end in ns (any common origin), area in PE, type (2 S2). */
export interface TriggerCandidates {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  area: ArrayLike<number>;
  type: ArrayLike<number>;
}

/**
 * Event windows as straxen builds them: every S2 above the trigger area opens
 * [start − before, end + after); windows that overlap or touch are merged into one event.
 * Peaks must be sorted by time; windows come out sorted and disjoint, ends exclusive.
 */
export function eventWindows(
  peaks: TriggerCandidates,
  n: number,
  options: EventWindowOptions,
): { start: Float64Array; end: Float64Array } {
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < n; i++) {
    if (peaks.type[i] !== 2 || !(peaks.area[i] > options.triggerMinArea)) continue;
    const from = peaks.start[i] - options.before;
    const to = peaks.end[i] + options.after;
    const last = end.length - 1;
    if (last >= 0 && from <= end[last]) end[last] = Math.max(end[last], to);
    else {
      start.push(from);
      end.push(to);
    }
  }
  return { start: Float64Array.from(start), end: Float64Array.from(end) };
}

/** Maximum drift time in ns: drift length (cm) over drift velocity (cm/ns). */
export function maxDriftTime(driftLengthCm: number, driftVelocityCmPerNs: number): number {
  return driftLengthCm / driftVelocityCmPerNs;
}
