/**
 * The top PMT array as position reconstruction sees it: PMT centres (cm), which PMTs are live, and
 * the height above the array (cm) at which S2 light is modelled as emitted.
 */
export interface TopArray {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** 1 for a live PMT, 0 for a dead one (excluded from centroid and fit). */
  readonly live: ArrayLike<number>;
  readonly lightHeight: number;
}

/**
 * Solid-angle weight of each live top PMT for light emitted at (x, y): h/(d² + h²)^(3/2), the
 * simulator's light-collection model. Dead PMTs get 0. Returns the sum of the weights.
 */
export function solidAngleWeights(array: TopArray, x: number, y: number, out: Float64Array): number {
  const h = array.lightHeight;
  let sum = 0;
  for (let ch = 0; ch < out.length; ch++) {
    if (!array.live[ch]) {
      out[ch] = 0;
      continue;
    }
    const d2 = (array.x[ch] - x) ** 2 + (array.y[ch] - y) ** 2 + h * h;
    const w = h / (d2 * Math.sqrt(d2));
    out[ch] = w;
    sum += w;
  }
  return sum;
}

/** Expected share of the live top-array light in each PMT for light emitted at (x, y). */
export function lightFractions(array: TopArray, x: number, y: number, out: Float64Array): void {
  const sum = solidAngleWeights(array, x, y, out);
  for (let ch = 0; ch < out.length; ch++) out[ch] /= sum;
}

/** Every PMT: centres (cm) by channel, top array first (channels below nTop), and which are live. */
export interface PmtArrays {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly live: ArrayLike<number>;
  readonly nTop: number;
}

/**
 * Share of the light from a point above (x, y) that reaches live PMTs, under the solid-angle model:
 * within each array the light divides as h/(d² + h²)^(3/2) (h = topHeight from the top array,
 * bottomHeight from the bottom one) and `topFraction` of it goes to the top array. Light aimed at a
 * dead PMT is lost, so for S2 light (emitted above the gate) this is the S2 yield map, and for S1
 * light (emitted at depth) the factor dead PMTs add to the S1 light collection, both relative to all
 * PMTs live.
 */
export function liveLightFraction(
  pmts: PmtArrays,
  x: number,
  y: number,
  topHeight: number,
  bottomHeight: number,
  topFraction: number,
): number {
  const share = (from: number, to: number, h: number) => {
    let all = 0;
    let live = 0;
    for (let ch = from; ch < to; ch++) {
      const d2 = (pmts.x[ch] - x) ** 2 + (pmts.y[ch] - y) ** 2 + h * h;
      const w = h / (d2 * Math.sqrt(d2));
      all += w;
      if (pmts.live[ch]) live += w;
    }
    return all > 0 ? live / all : 1;
  };
  const n = pmts.x.length;
  if (pmts.nTop >= n) return share(0, n, topHeight);
  return topFraction * share(0, pmts.nTop, topHeight) + (1 - topFraction) * share(pmts.nTop, n, bottomHeight);
}
