import { type Axis, axisTicks } from './axis.js';
import { coord, escapeXml } from './escape.js';
import { tickLabel } from './ticks.js';

/** Where the axes box sits in the picture (pixels); `height` is the picture above any legend. */
export interface Layout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The axes box with its two axes: maps data to pixels. */
export interface Frame {
  layout: Layout;
  x: Axis;
  y: Axis;
  /** Pixel column of x (not finite for x ≤ 0 on a log axis). */
  px(x: number): number;
  /** Pixel row of y (not finite for y ≤ 0 on a log axis). */
  py(y: number): number;
}

export function frame(layout: Layout, x: Axis, y: Axis): Frame {
  const { width, height, left, right, top, bottom } = layout;
  const map = (a: Axis, from: number, to: number) => {
    const t = a.log ? Math.log10 : (v: number) => v;
    const [lo, hi] = [t(a.lo), t(a.hi)];
    return (v: number) => from + ((t(v) - lo) / (hi - lo)) * (to - from);
  };
  return { layout, x, y, px: map(x, left, width - right), py: map(y, height - bottom, top) };
}

/** Title, the axes box, ticks with their values, and the axis labels. */
export function axesSvg(f: Frame, title: string): string[] {
  const { width: W, height: H, left, right, top, bottom } = f.layout;
  const out = [
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${W - left - right}" height="${H - top - bottom}" fill="none" stroke="#333"/>`,
  ];
  // A degenerate axis (lo = hi, or ≤ 0 on a log axis) maps to NaN: no ticks rather than broken markup.
  for (const t of axisTicks(f.x).filter((t) => Number.isFinite(f.px(t)))) {
    const x = coord(f.px(t));
    out.push(`<line x1="${x}" y1="${H - bottom}" x2="${x}" y2="${H - bottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${H - bottom + 18}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of axisTicks(f.y).filter((t) => Number.isFinite(f.py(t)))) {
    const y = f.py(t);
    out.push(`<line x1="${left - 5}" y1="${coord(y)}" x2="${left}" y2="${coord(y)}" stroke="#333"/>`);
    out.push(`<text x="${left - 8}" y="${coord(y + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  }
  const midX = (W + left - right) / 2;
  const midY = (H + top - bottom) / 2;
  out.push(`<text x="${midX}" y="${H - 12}" text-anchor="middle">${escapeXml(f.x.label)}</text>`);
  out.push(
    `<text x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})">${escapeXml(f.y.label)}</text>`,
  );
  return out;
}
