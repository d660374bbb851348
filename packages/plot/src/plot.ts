import { dataRange } from './axis.js';
import { svgDocument } from './document.js';
import { coord, escapeXml } from './escape.js';
import { axesSvg, type Frame, frame, type Layout } from './frame.js';
import { legendHeight, legendSvg } from './legend.js';
import { dotsMark, errorBars, lineMark, stepsMark, thinned } from './marks.js';

/**
 * One data series. Styles: 'points' are measurements (markers, optional error bars), 'scatter' one small
 * translucent dot per entry (density shows), 'line' a curve, 'steps' a histogram.
 */
export interface Series {
  label: string;
  /** Bin edges for 'steps' (one more than y), positions otherwise. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Error bar ends ('points' and 'scatter'). */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  style: 'points' | 'scatter' | 'line' | 'steps';
  color: string;
}

export interface Plot {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Logarithmic x axis (values ≤ 0 are not drawn). */
  logX?: boolean;
  /** Fixed y range (default: the data's, with 0 included when there are histograms). */
  yRange?: [number, number];
  /** Horizontal reference lines, e.g. a threshold. */
  references?: { y: number; label: string }[];
  series: Series[];
}

/** The picture's axes box; the legend adds rows below it. */
export const PLOT_LAYOUT: Layout = { width: 640, height: 400, left: 70, right: 20, top: 36, bottom: 50 };

/**
 * The plot as a standalone SVG (for files or inlining in HTML). Non-finite values are left out (a line or
 * histogram shows a gap there); an empty series still has its legend row; user text is escaped.
 */
export function plotSvg(plot: Plot): string {
  const { series, references = [] } = plot;
  const x = dataRange(values(series.map((s) => s.x)), plot.logX);
  const y =
    plot.yRange ??
    dataRange(
      values([
        ...series.flatMap((s) => [s.y, s.lower ?? [], s.upper ?? []]),
        references.map((r) => r.y),
        series.some((s) => s.style === 'steps') ? [0] : [],
      ]),
    );
  const f = frame(
    PLOT_LAYOUT,
    { label: plot.xLabel, lo: x[0], hi: x[1], log: plot.logX },
    { label: plot.yLabel, lo: y[0], hi: y[1] },
  );
  const { left, right, width } = PLOT_LAYOUT;
  const body = axesSvg(f, plot.title);
  for (const r of references) {
    const py = f.py(r.y);
    if (!Number.isFinite(py)) continue;
    body.push(
      `<line x1="${left}" y1="${coord(py)}" x2="${width - right}" y2="${coord(py)}" stroke="#888" stroke-dasharray="4 3"/>`,
      `<text x="${width - right - 4}" y="${coord(py - 4)}" text-anchor="end" fill="#666">${escapeXml(r.label)}</text>`,
    );
  }
  for (const s of series) body.push(...seriesSvg(f, s));
  body.push(
    ...legendSvg(
      PLOT_LAYOUT,
      series.map((s) => ({
        label: s.label,
        color: s.color,
        marker: s.style === 'points' || s.style === 'scatter' ? 'dot' : 'line',
      })),
    ),
  );
  return svgDocument(width, PLOT_LAYOUT.height + legendHeight(series.length), body);
}

function seriesSvg(f: Frame, s: Series): string[] {
  if (s.style === 'line') return lineMark(f, s.x, s.y, s.color);
  if (s.style === 'steps') return stepsMark(f, s.x, s.y, s.color);
  const indices = thinned(Math.min(s.x.length, s.y.length));
  const bars = s.lower && s.upper ? errorBars(f, s.x, s.lower, s.upper, s.color, indices) : [];
  const style = s.style === 'points' ? { color: s.color, radius: 3 } : { color: s.color, radius: 1.6, opacity: 0.6 };
  return [...bars, ...dotsMark(f, s.x, s.y, style, indices)];
}

function* values(arrays: ArrayLike<number>[]): Generator<number> {
  for (const a of arrays) for (let i = 0; i < a.length; i++) yield a[i];
}
