/** A tiny SVG plot writer for validation reports: points, lines and step histograms on linear axes. */

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  style: 'points' | 'line' | 'steps';
  color: string;
}

export interface Plot {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

const W = 640;
const H = 400;
const M = { left: 70, right: 20, top: 36, bottom: 50 };
/** Points drawn per series at most (evenly thinned beyond that, to keep files small). */
const MAX_POINTS = 4000;

function niceTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function extent(series: Series[], axis: 'x' | 'y'): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (let i = 0; i < s[axis].length; i++) {
      const v = s[axis][i];
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi === lo) return [lo - 0.5 * Math.abs(lo || 1), hi + 0.5 * Math.abs(hi || 1)];
  const pad = 0.04 * (hi - lo);
  return [lo - pad, hi + pad];
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(v));

export function plotSvg(plot: Plot): string {
  const [x0, x1] = extent(plot.series, 'x');
  const [y0, y1] = extent(plot.series, 'y');
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(plot.title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
  ];
  for (const t of niceTicks(x0, x1)) {
    out.push(`<line x1="${px(t)}" y1="${H - M.bottom}" x2="${px(t)}" y2="${H - M.bottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 18}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    out.push(`<line x1="${M.left - 5}" y1="${py(t)}" x2="${M.left}" y2="${py(t)}" stroke="#333"/>`);
    out.push(`<text x="${M.left - 8}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(plot.xLabel)}</text>`);
  out.push(
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${escapeXml(plot.yLabel)}</text>`,
  );
  plot.series.forEach((s, k) => {
    const n = s.x.length;
    if (s.style === 'points') {
      const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
      for (let i = 0; i < n; i += stride) {
        if (Number.isFinite(s.x[i]) && Number.isFinite(s.y[i]))
          out.push(
            `<circle cx="${px(s.x[i]).toFixed(1)}" cy="${py(s.y[i]).toFixed(1)}" r="1.6" fill="${s.color}" fill-opacity="0.6"/>`,
          );
      }
    } else {
      const pts: string[] = [];
      for (let i = 0; i < n; i++) {
        if (s.style === 'steps' && i > 0) pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i - 1]).toFixed(1)}`);
        pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i]).toFixed(1)}`);
      }
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.8"/>`);
    }
    const ly = M.top + 16 + 16 * k;
    out.push(`<rect x="${W - M.right - 170}" y="${ly - 9}" width="10" height="10" fill="${s.color}"/>`);
    out.push(`<text x="${W - M.right - 155}" y="${ly}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
