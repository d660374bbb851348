/** The peak columns main S1/S2 selection reads; times in ns from any common origin. */
export interface EventPeakColumns {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  center: ArrayLike<number>;
  area: ArrayLike<number>;
  type: ArrayLike<number>;
  tightCoincidence: ArrayLike<number>;
}

export interface MainPeakOptions {
  /** S1s need this many tight-coincidence channels to be main or alternative S1 (straxen: 2). */
  s1MinCoincidence: number;
  /**
   * The alternative S2 must come after the main S1 (center times) by less than this many ns
   * (straxen: 1.01 × maximum drift time); Infinity drops the requirement.
   */
  altS2MaxDelay: number;
}

/** Per event: how many peaks it contains and the rows of its main and alternative S1 and S2 (−1: none). */
export interface MainPeaks {
  nPeaks: Int32Array;
  s1: Int32Array;
  altS1: Int32Array;
  s2: Int32Array;
  altS2: Int32Array;
}

/**
 * Main and alternative S1 and S2 of each event, as straxen's vanilla event_basics: among the peaks
 * fully inside the event, the main S2 is the largest S2; main and alternative S1 the two largest
 * S1s with enough tight coincidence starting before the main S2; the alternative S2 the largest
 * other S2 (after the main S1 by less than altS2MaxDelay when there is one). Equal areas go to the
 * earlier peak. Events and peaks sorted by time; events disjoint.
 */
export function mainPeaks(
  events: { start: ArrayLike<number>; end: ArrayLike<number> },
  nEvents: number,
  peaks: EventPeakColumns,
  nPeaksTotal: number,
  options: MainPeakOptions,
): MainPeaks {
  const out: MainPeaks = {
    nPeaks: new Int32Array(nEvents),
    s1: new Int32Array(nEvents).fill(-1),
    altS1: new Int32Array(nEvents).fill(-1),
    s2: new Int32Array(nEvents).fill(-1),
    altS2: new Int32Array(nEvents).fill(-1),
  };
  const { start, end, center, area, type, tightCoincidence } = peaks;
  const larger = (a: number, b: number) => b < 0 || area[a] > area[b];
  let first = 0;
  for (let e = 0; e < nEvents; e++) {
    while (first < nPeaksTotal && start[first] < events.start[e]) first++;
    let last = first;
    while (last < nPeaksTotal && start[last] < events.end[e]) last++;
    const inside = (p: number) => end[p] <= events.end[e];
    let s2 = -1;
    for (let p = first; p < last; p++) {
      if (!inside(p)) continue;
      out.nPeaks[e]++;
      if (type[p] === 2 && larger(p, s2)) s2 = p;
    }
    let s1 = -1;
    let altS1 = -1;
    for (let p = first; p < last; p++) {
      if (!inside(p) || type[p] !== 1 || tightCoincidence[p] < options.s1MinCoincidence) continue;
      if (s2 >= 0 && start[p] >= start[s2]) continue;
      if (larger(p, s1)) {
        altS1 = s1;
        s1 = p;
      } else if (larger(p, altS1)) altS1 = p;
    }
    let altS2 = -1;
    for (let p = first; p < last; p++) {
      if (p === s2 || !inside(p) || type[p] !== 2) continue;
      const delay = s1 >= 0 ? center[p] - center[s1] : 0;
      if (s1 >= 0 && !(delay > 0 && delay < options.altS2MaxDelay)) continue;
      if (larger(p, altS2)) altS2 = p;
    }
    out.s1[e] = s1;
    out.altS1[e] = altS1;
    out.s2[e] = s2;
    out.altS2[e] = altS2;
  }
  return out;
}
