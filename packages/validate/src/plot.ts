/**
 * A small SVG plot writer for the validation report: points with error bars, lines and step histograms,
 * on a linear or logarithmic x axis (peak sizes span five decades). Self-contained SVG, inlined in HTML.
 */

export interface Series {
  label: string;
  /** Bin edges for 'steps' (one more than y), positions otherwise. */
  x: readonly number[];
  y: readonly number[];
  /** Error bar ends ('points' only). */
  lower?: readonly number[];
  upper?: readonly number[];
  style: 'points' | 'line' | 'steps';
  color: string;
}

export interface Plot {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  /** Fixed y range (default: the data's, with 0 included for histograms). */
  yRange?: [number, number];
  /** Horizontal reference lines, e.g. a threshold. */
  references?: { y: number; label: string }[];
  series: Series[];
}

const W = 640;
const H = 400;
const M = { left: 70, right: 20, top: 36, bottom: 50 };
const LEGEND_ROW = 16;

export function plotSvg(plot: Plot): string {
  const tx = plot.logX ? Math.log10 : (v: number) => v;
  const [x0, x1] = extent(plot.series.flatMap((s) => s.x.map(tx)));
  const ys = plot.series.flatMap((s) => [...s.y, ...(s.lower ?? []), ...(s.upper ?? [])]);
  if (plot.series.some((s) => s.style === 'steps')) ys.push(0);
  const [y0, y1] = plot.yRange ?? extent([...ys, ...(plot.references ?? []).map((r) => r.y)]);
  const px = (x: number) => M.left + ((tx(x) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const ok = (x: number, y: number) => Number.isFinite(tx(x)) && Number.isFinite(y);
  const height = H + LEGEND_ROW * plot.series.length + 6;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(plot.title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
  ];
  const xTicks = plot.logX ? decades(x0, x1) : niceTicks(x0, x1);
  for (const t of xTicks) {
    const x = px(t);
    out.push(`<line x1="${f(x)}" y1="${H - M.bottom}" x2="${f(x)}" y2="${H - M.bottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${f(x)}" y="${H - M.bottom + 18}" text-anchor="middle">${label(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    out.push(`<line x1="${M.left - 5}" y1="${f(py(t))}" x2="${M.left}" y2="${f(py(t))}" stroke="#333"/>`);
    out.push(`<text x="${M.left - 8}" y="${f(py(t) + 4)}" text-anchor="end">${label(t)}</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(plot.xLabel)}</text>`);
  out.push(
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${escapeXml(plot.yLabel)}</text>`,
  );
  for (const r of plot.references ?? []) {
    out.push(
      `<line x1="${M.left}" y1="${f(py(r.y))}" x2="${W - M.right}" y2="${f(py(r.y))}" stroke="#888" stroke-dasharray="4 3"/>`,
      `<text x="${W - M.right - 4}" y="${f(py(r.y) - 4)}" text-anchor="end" fill="#666">${escapeXml(r.label)}</text>`,
    );
  }
  plot.series.forEach((s, k) => {
    if (s.style === 'points') {
      s.x.forEach((x, i) => {
        if (!ok(x, s.y[i])) return;
        const lo = s.lower?.[i];
        const hi = s.upper?.[i];
        if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
          out.push(`<line x1="${f(px(x))}" y1="${f(py(lo))}" x2="${f(px(x))}" y2="${f(py(hi))}" stroke="${s.color}"/>`);
        }
        out.push(`<circle cx="${f(px(x))}" cy="${f(py(s.y[i]))}" r="3" fill="${s.color}"/>`);
      });
    } else {
      const pts: string[] = [];
      if (s.style === 'steps') {
        s.y.forEach((y, i) => {
          pts.push(`${f(px(s.x[i]))},${f(py(y))}`, `${f(px(s.x[i + 1]))},${f(py(y))}`);
        });
      } else {
        s.x.forEach((x, i) => {
          if (ok(x, s.y[i])) pts.push(`${f(px(x))},${f(py(s.y[i]))}`);
        });
      }
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`);
    }
    // The legend goes below the axes, where it never hides data.
    const ly = H + LEGEND_ROW * (k + 1) - 4;
    out.push(
      s.style === 'points'
        ? `<circle cx="${M.left + 5}" cy="${ly - 4}" r="3" fill="${s.color}"/>`
        : `<line x1="${M.left - 2}" y1="${ly - 4}" x2="${M.left + 12}" y2="${ly - 4}" stroke="${s.color}" stroke-width="1.6"/>`,
    );
    out.push(`<text x="${M.left + 15}" y="${ly}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) [lo, hi] = [lo - 0.5 * Math.abs(lo || 1), hi + 0.5 * Math.abs(hi || 1)];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

function niceTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Powers of ten inside a log10 range. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) out.push(10 ** e);
  return out;
}

const f = (v: number) => v.toFixed(1);
const label = (v: number) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(0) : String(v));
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
