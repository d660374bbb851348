import { coord, escapeXml } from './escape.js';
import type { Frame } from './frame.js';

/** Markers or vertices drawn per series at most; beyond that every k-th is drawn, to keep files small. */
export const MAX_POINTS = 4000;

/** Indices 0, k, 2k, … of n values, k the smallest stride that leaves at most MAX_POINTS. */
export function thinned(n: number): number[] {
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}

/** A pixel position; undefined marks a gap. */
type Pixel = readonly [number, number] | undefined;

const drawable = (p: Pixel): p is readonly [number, number] =>
  p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Polylines through the points, broken at gaps and at points that are not finite (NaN, log of 0). */
export function polylines(points: Pixel[], color: string, width = 1.6): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 2)
      out.push(
        `<polyline points="${run.join(' ')}" fill="none" stroke="${escapeXml(color)}" stroke-width="${width}"/>`,
      );
    run = [];
  };
  for (const p of points) {
    if (drawable(p)) run.push(`${coord(p[0])},${coord(p[1])}`);
    else flush();
  }
  flush();
  return out;
}

/** A line through (x[i], y[i]). */
export function lineMark(f: Frame, x: ArrayLike<number>, y: ArrayLike<number>, color: string): string[] {
  return polylines(
    thinned(Math.min(x.length, y.length)).map((i) => [f.px(x[i]), f.py(y[i])]),
    color,
  );
}

/**
 * A step histogram: height y[i] over [edges[i], edges[i + 1]], dropping to the baseline (0, or the y axis end
 * nearest to it) where the histogram starts and ends; a bin that is not finite leaves a gap.
 */
export function stepsMark(f: Frame, edges: ArrayLike<number>, y: ArrayLike<number>, color: string): string[] {
  const base = f.py(Math.min(Math.max(0, f.y.lo), f.y.hi));
  const points: Pixel[] = [];
  let open = false;
  let end = 0;
  const close = () => {
    if (open) points.push([end, base], undefined);
    open = false;
  };
  for (let i = 0; i < Math.min(y.length, edges.length - 1); i++) {
    const [a, b, h] = [f.px(edges[i]), f.px(edges[i + 1]), f.py(y[i])];
    if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(h))) {
      close();
      continue;
    }
    if (!open) points.push([a, base]);
    points.push([a, h], [b, h]);
    open = true;
    end = b;
  }
  close();
  return polylines(points, color);
}

/** Vertical error bars from lower[i] to upper[i] at x[i], as one path; bars with an end not finite are left out. */
export function errorBars(
  f: Frame,
  x: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  color: string,
  indices = thinned(Math.min(x.length, lower.length, upper.length)),
): string[] {
  const d: string[] = [];
  for (const i of indices) {
    const [px, lo, hi] = [f.px(x[i]), f.py(lower[i]), f.py(upper[i])];
    if (Number.isFinite(px) && Number.isFinite(lo) && Number.isFinite(hi))
      d.push(`M${coord(px)},${coord(lo)}V${coord(hi)}`);
  }
  return d.length === 0 ? [] : [`<path d="${d.join('')}" fill="none" stroke="${escapeXml(color)}"/>`];
}

export interface DotStyle {
  color: string;
  radius: number;
  /** Below 1 for many overlapping dots, so density shows. */
  opacity?: number;
}

/** A dot at each (x[i], y[i]) that can be drawn. */
export function dotsMark(
  f: Frame,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  style: DotStyle,
  indices = thinned(Math.min(x.length, y.length)),
): string[] {
  const fill = `fill="${escapeXml(style.color)}"${style.opacity === undefined ? '' : ` fill-opacity="${style.opacity}"`}`;
  const out: string[] = [];
  for (const i of indices) {
    const p: Pixel = [f.px(x[i]), f.py(y[i])];
    if (drawable(p)) out.push(`<circle cx="${coord(p[0])}" cy="${coord(p[1])}" r="${style.radius}" ${fill}/>`);
  }
  return out;
}
