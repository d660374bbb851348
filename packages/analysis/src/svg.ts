import { axesSvg, coord, errorBars, type Frame, frame, type Layout, stepsMark, svgDocument } from '@dance/plot';
import { binEdge, type Histogram } from './histogram.js';

const LAYOUT: Layout = { width: 640, height: 440, left: 70, right: 20, top: 30, bottom: 50 };
const BLUE = '#1f77b4';

/**
 * The histogram as a standalone SVG: steps with √(Σw²) error bars for 1D, shaded cells for 2D, flow bins
 * noted in the title, and `provenance` embedded as JSON in <metadata> so the plot carries what it was made from.
 */
export function histogramSvg(h: Histogram, title: string, provenance: unknown): string {
  const [x, y] = h.axes;
  const xAxis = { label: x.label, lo: x.lo, hi: x.hi };
  const heading = `${title} ${flowSummary(h)}`;
  let body: string[];
  if (!y) {
    const edges = Float64Array.from({ length: x.bins + 1 }, (_, k) => binEdge(x, k + 1));
    const counts = h.sumw.subarray(1, x.bins + 1);
    const errors = h.sumw2.subarray(1, x.bins + 1).map(Math.sqrt);
    let max = 0;
    for (let i = 0; i < x.bins; i++) max = Math.max(max, counts[i] + errors[i]);
    const f = frame(LAYOUT, xAxis, { label: 'entries (sum of weights)', lo: 0, hi: max > 0 ? max * 1.05 : 1 });
    const centres = edges.subarray(0, x.bins).map((e, i) => (e + edges[i + 1]) / 2);
    const withError = [...centres.keys()].filter((i) => errors[i] > 0);
    body = [
      ...stepsMark(f, edges, counts, BLUE),
      ...errorBars(
        f,
        centres,
        counts.map((c, i) => c - errors[i]),
        counts.map((c, i) => c + errors[i]),
        BLUE,
        withError,
      ),
      ...axesSvg(f, heading),
    ];
  } else {
    const f = frame(LAYOUT, xAxis, { label: y.label, lo: y.lo, hi: y.hi });
    body = [...cells(h, f), ...axesSvg(f, heading)];
  }
  return svgDocument(LAYOUT.width, LAYOUT.height, body, provenanceJson(provenance));
}

/** 2D bins as rectangles shaded by content (log scale: counts in a 2D histogram span decades); empty ones left out. */
function cells(h: Histogram, f: Frame): string[] {
  const [x, y] = h.axes;
  let max = 0;
  for (let iy = 1; iy <= y.bins; iy++) for (let ix = 1; ix <= x.bins; ix++) max = Math.max(max, h.sumw[h.cell(ix, iy)]);
  const out: string[] = [];
  for (let iy = 1; iy <= y.bins; iy++) {
    const [top, bottom] = [f.py(binEdge(y, iy + 1)), f.py(binEdge(y, iy))];
    for (let ix = 1; ix <= x.bins; ix++) {
      const v = h.sumw[h.cell(ix, iy)];
      if (!(v > 0)) continue;
      const [left, right] = [f.px(binEdge(x, ix)), f.px(binEdge(x, ix + 1))];
      out.push(
        `<rect x="${coord(left)}" y="${coord(top)}" width="${coord(right - left)}" height="${coord(bottom - top)}" fill="${shade(Math.log1p(v) / Math.log1p(max))}"/>`,
      );
    }
  }
  return out;
}

function flowSummary(h: Histogram): string {
  const [x, y] = h.axes;
  let under = 0;
  let over = 0;
  for (let c = 0; c < h.sumw.length; c++) {
    const ix = c % (x.bins + 2);
    const iy = Math.floor(c / (x.bins + 2));
    if (ix === 0 || (y && iy === 0)) under += h.sumw[c];
    else if (ix === x.bins + 1 || (y && iy === y.bins + 1)) over += h.sumw[c];
  }
  return `(in range ${count(h.inRange())}, underflow ${count(under)}, overflow ${count(over)})`;
}

function shade(t: number): string {
  // White to dark blue.
  const c = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${c(230, 8)},${c(240, 48)},${c(250, 107)})`;
}

/** A sum of weights as text: integers exactly, others to four significant digits. */
function count(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/** The provenance text a plot embeds (SVG <metadata>, PNG iTXt), one form for both. */
export function provenanceJson(provenance: unknown): string {
  return JSON.stringify(provenance, bigintAsString);
}

/** int64 times (ns) as decimal strings: JSON has no exact 64-bit integers. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
