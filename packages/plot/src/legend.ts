import { escapeXml } from './escape.js';
import type { Layout } from './frame.js';

export interface LegendEntry {
  label: string;
  color: string;
  marker: 'dot' | 'line';
}

const ROW = 16;

/** Pixels the legend adds below the picture. */
export function legendHeight(entries: number): number {
  return entries === 0 ? 0 : ROW * entries + 6;
}

/** One row per entry below the axes box, where the legend never hides data. */
export function legendSvg(layout: Layout, entries: LegendEntry[]): string[] {
  const x = layout.left;
  return entries.flatMap((e, k) => {
    const y = layout.height + ROW * (k + 1) - 4;
    const color = escapeXml(e.color);
    return [
      e.marker === 'dot'
        ? `<circle cx="${x + 5}" cy="${y - 4}" r="3" fill="${color}"/>`
        : `<line x1="${x - 2}" y1="${y - 4}" x2="${x + 12}" y2="${y - 4}" stroke="${color}" stroke-width="1.6"/>`,
      `<text x="${x + 15}" y="${y}">${escapeXml(e.label)}</text>`,
    ];
  });
}
