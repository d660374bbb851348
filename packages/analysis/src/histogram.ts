import { UserError } from '@dance/schema';

/** A regular axis: `bins` equal bins over [lo, hi); index 0 is underflow, bins+1 overflow. */
export interface Axis {
  /** The expression binned, as written by the user (also the axis label). */
  label: string;
  bins: number;
  lo: number;
  hi: number;
}

export function checkAxis(axis: Axis): Axis {
  if (!Number.isInteger(axis.bins) || axis.bins < 1 || axis.bins > 1_000_000) {
    throw new UserError(`axis '${axis.label}': bins ${axis.bins} must be an integer from 1 to 1000000`);
  }
  if (!(Number.isFinite(axis.lo) && Number.isFinite(axis.hi) && axis.lo < axis.hi)) {
    throw new UserError(`axis '${axis.label}': range [${axis.lo}, ${axis.hi}) must be finite with lo < hi`);
  }
  return axis;
}

/** Index of `x` on the axis including the flow bins (NaN goes to overflow, as DuckDB orders NaN last). */
export function binIndex(axis: Axis, x: number): number {
  if (x < axis.lo) return 0;
  if (!(x < axis.hi)) return axis.bins + 1;
  return Math.min(axis.bins, Math.floor(((x - axis.lo) / (axis.hi - axis.lo)) * axis.bins) + 1);
}

/** Lower edge of in-range bin i (1-based). */
export function binEdge(axis: Axis, i: number): number {
  return axis.lo + ((i - 1) * (axis.hi - axis.lo)) / axis.bins;
}

/**
 * A weighted histogram over one or two axes with boost-histogram semantics: flow bins kept,
 * sum of weights and sum of squared weights per bin, partial histograms mergeable. Cells are
 * row-major with the x index fastest: cell = ix + (bins_x + 2) * iy.
 */
export class Histogram {
  readonly sumw: Float64Array;
  readonly sumw2: Float64Array;
  /** Unweighted entries per cell, for diagnostics and to know when sumw2 equals sumw. */
  readonly entries: Float64Array;

  constructor(readonly axes: readonly Axis[]) {
    if (axes.length < 1 || axes.length > 2) throw new UserError('a histogram has one or two axes');
    axes.forEach(checkAxis);
    const cells = axes.reduce((n, a) => n * (a.bins + 2), 1);
    this.sumw = new Float64Array(cells);
    this.sumw2 = new Float64Array(cells);
    this.entries = new Float64Array(cells);
  }

  cell(ix: number, iy = 0): number {
    return ix + (this.axes[0].bins + 2) * iy;
  }

  /** Adds values (one array per axis) with optional weights. */
  fill(values: readonly ArrayLike<number>[], weights?: ArrayLike<number>): this {
    const [xs, ys] = values;
    for (let i = 0; i < xs.length; i++) {
      const ix = binIndex(this.axes[0], xs[i]);
      const c = ys ? this.cell(ix, binIndex(this.axes[1], ys[i])) : ix;
      this.add(c, weights ? weights[i] : 1, weights ? weights[i] * weights[i] : 1, 1);
    }
    return this;
  }

  add(cell: number, sumw: number, sumw2: number, entries: number): void {
    this.sumw[cell] += sumw;
    this.sumw2[cell] += sumw2;
    this.entries[cell] += entries;
  }

  /** Adds another histogram with identical axes (e.g. one per run or worker). */
  merge(other: Histogram): this {
    const same = other.axes.length === this.axes.length && other.axes.every((a, i) => sameAxis(a, this.axes[i]));
    if (!same) throw new UserError('cannot merge histograms with different axes');
    for (let c = 0; c < this.sumw.length; c++) this.add(c, other.sumw[c], other.sumw2[c], other.entries[c]);
    return this;
  }

  /** Sum of weights over in-range cells only. */
  inRange(): number {
    let total = 0;
    const [x, y] = this.axes;
    for (let iy = y ? 1 : 0; iy <= (y ? y.bins : 0); iy++) {
      for (let ix = 1; ix <= x.bins; ix++) total += this.sumw[this.cell(ix, iy)];
    }
    return total;
  }

  toJSON() {
    return { axes: this.axes, sumw: [...this.sumw], sumw2: [...this.sumw2], entries: [...this.entries] };
  }
}

function sameAxis(a: Axis, b: Axis): boolean {
  return a.bins === b.bins && a.lo === b.lo && a.hi === b.hi && a.label === b.label;
}
