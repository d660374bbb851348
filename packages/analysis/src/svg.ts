import { binEdge, type Histogram } from './histogram.js';

const W = 640;
const H = 440;
const M = { left: 70, right: 20, top: 30, bottom: 50 };

/**
 * The histogram as a standalone SVG: steps for 1D, shaded cells for 2D, flow bins noted in the title,
 * and `provenance` embedded as JSON in <metadata> so the plot carries what it was made from.
 */
export function histogramSvg(h: Histogram, title: string, provenance: unknown): string {
  const [x, y] = h.axes;
  const px = (v: number) => M.left + ((v - x.lo) / (x.hi - x.lo)) * (W - M.left - M.right);
  const body: string[] = [];
  let yLabel = 'entries (sum of weights)';
  let yLo = 0;
  let yHi: number;
  if (!y) {
    let max = 0;
    for (let i = 1; i <= x.bins; i++) max = Math.max(max, h.sumw[i] + Math.sqrt(h.sumw2[i]));
    yHi = max > 0 ? max * 1.05 : 1;
    const py = (v: number) => H - M.bottom - ((v - yLo) / (yHi - yLo)) * (H - M.top - M.bottom);
    const path = [`M${px(x.lo)},${py(0)}`];
    for (let i = 1; i <= x.bins; i++) path.push(`V${py(h.sumw[i])}`, `H${px(binEdge(x, i + 1))}`);
    path.push(`V${py(0)}`);
    body.push(`<path d="${path.join('')}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>`);
    const bars = [];
    for (let i = 1; i <= x.bins; i++) {
      const c = px(binEdge(x, i) + (x.hi - x.lo) / x.bins / 2);
      const e = Math.sqrt(h.sumw2[i]);
      if (e > 0) bars.push(`M${c},${py(h.sumw[i] - e)}V${py(h.sumw[i] + e)}`);
    }
    body.push(`<path d="${bars.join('')}" stroke="#1f77b4" stroke-width="1"/>`);
  } else {
    yLabel = y.label;
    yLo = y.lo;
    yHi = y.hi;
    const py = (v: number) => H - M.bottom - ((v - y.lo) / (y.hi - y.lo)) * (H - M.top - M.bottom);
    let max = 0;
    for (let iy = 1; iy <= y.bins; iy++)
      for (let ix = 1; ix <= x.bins; ix++) max = Math.max(max, h.sumw[h.cell(ix, iy)]);
    const cw = px(binEdge(x, 2)) - px(binEdge(x, 1));
    const ch = py(binEdge(y, 1)) - py(binEdge(y, 2));
    for (let iy = 1; iy <= y.bins; iy++) {
      for (let ix = 1; ix <= x.bins; ix++) {
        const v = h.sumw[h.cell(ix, iy)];
        if (!(v > 0)) continue;
        // Log shading: counts in a 2D histogram span decades.
        const t = Math.log1p(v) / Math.log1p(max);
        body.push(
          `<rect x="${fmt(px(binEdge(x, ix)))}" y="${fmt(py(binEdge(y, iy + 1)))}" width="${fmt(cw)}" height="${fmt(ch)}" fill="${shade(t)}"/>`,
        );
      }
    }
  }
  const flows = flowSummary(h);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<metadata><![CDATA[${provenanceJson(provenance).replaceAll(']]>', ']]]]><![CDATA[>')}]]></metadata>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="18" font-size="13">${escapeXml(title)} ${escapeXml(flows)}</text>`,
    ...body,
    axisLines(x.lo, x.hi, yLo, yHi),
    `<text x="${(W + M.left) / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(x.label)}</text>`,
    `<text transform="translate(16 ${(H - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

function axisLines(xLo: number, xHi: number, yLo: number, yHi: number): string {
  const x0 = M.left;
  const x1 = W - M.right;
  const y0 = H - M.bottom;
  const y1 = M.top;
  const out = [`<path d="M${x0},${y1}V${y0}H${x1}" fill="none" stroke="black"/>`];
  for (let k = 0; k <= 5; k++) {
    const fx = x0 + ((x1 - x0) * k) / 5;
    const fy = y0 - ((y0 - y1) * k) / 5;
    out.push(`<text x="${fmt(fx)}" y="${y0 + 16}" text-anchor="middle">${tick(xLo + ((xHi - xLo) * k) / 5)}</text>`);
    out.push(`<text x="${x0 - 6}" y="${fmt(fy + 4)}" text-anchor="end">${tick(yLo + ((yHi - yLo) * k) / 5)}</text>`);
  }
  return out.join('\n');
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
  return `(in range ${tick(h.inRange())}, underflow ${tick(under)}, overflow ${tick(over)})`;
}

function shade(t: number): string {
  // White to dark blue.
  const c = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${c(230, 8)},${c(240, 48)},${c(250, 107)})`;
}

function tick(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

function fmt(v: number): string {
  return v.toFixed(2);
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The provenance text a plot embeds (SVG <metadata>, PNG iTXt), one form for both. */
export function provenanceJson(provenance: unknown): string {
  return JSON.stringify(provenance, bigintAsString);
}

/** int64 times (ns) as decimal strings: JSON has no exact 64-bit integers. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
