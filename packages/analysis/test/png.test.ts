import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Histogram, histogramSvg, pngChunks, pngProvenance, svgToPng } from '../src/index.js';

/** RGBA pixels of an 8-bit RGBA PNG, undoing the per-row filters (PNG spec §9), for the pixel checks. */
function decodeRgba(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const chunks = pngChunks(png);
  const ihdr = chunks[0].data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([ihdr[8], ihdr[9]]).toEqual([8, 6]); // 8-bit RGBA, as resvg writes
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      rgba[y * stride + x] = (v + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

const provenance = {
  software: { name: 'dance', version: 'test' },
  runs: ['000001'],
  start: 1_780_000_000_000_000_001n,
};

describe('PNG plots', () => {
  const h = new Histogram([{ label: 'cs1', bins: 20, lo: 0, hi: 100 }]).fill([
    Array.from({ length: 400 }, (_, i) => 50 + ((i % 21) - 10)),
  ]);
  const svg = histogramSvg(h, 'event_info: cs1 — µ', provenance);

  it('has the SVG size, the provenance in an iTXt chunk (int64 exact), and valid CRCs', () => {
    const png = svgToPng(svg, provenance);
    const chunks = pngChunks(png);
    expect(chunks[0].type).toBe('IHDR');
    expect(chunks[0].data.readUInt32BE(0)).toBe(640);
    expect(chunks[0].data.readUInt32BE(4)).toBe(440);
    expect(chunks[1].type).toBe('iTXt');
    expect(chunks.at(-1)?.type).toBe('IEND');
    expect(pngProvenance(png)).toEqual({ ...provenance, start: '1780000000000000001' });
    // the same text the SVG embeds
    expect(svg).toContain(chunks[1].data.toString('utf8', chunks[1].data.lastIndexOf(0) + 1));
    expect(svgToPng(svg, provenance, 2).readUInt32BE(16)).toBe(1280);
  });

  it('draws the histogram: blue steps above the peak bins, none far from them, dark axis text', () => {
    const { width, rgba } = decodeRgba(svgToPng(svg, provenance));
    const isBlue = (x: number, y: number) => {
      const k = (y * width + x) * 4;
      return rgba[k + 2] > 150 && rgba[k] < 120 && rgba[k + 3] > 0;
    };
    const blueInColumn = (x: number) => Array.from({ length: 440 }, (_, y) => isBlue(x, y)).filter(Boolean).length;
    // x = 50 maps to pixel 70 + 0.5 * 550 = 345; cs1 = 10 to 125 (an empty bin: only the baseline)
    expect(blueInColumn(345)).toBeGreaterThan(0);
    let stepTop = 440;
    for (let y = 0; y < 440; y++) if (isBlue(330, y)) stepTop = Math.min(stepTop, y);
    expect(stepTop).toBeLessThan(100); // the peak reaches near the top of the frame
    expect(blueInColumn(125)).toBeLessThanOrEqual(3);
    let dark = 0;
    for (let k = 0; k < rgba.length; k += 4) if (rgba[k] < 60 && rgba[k + 1] < 60 && rgba[k + 2] < 60) dark++;
    expect(dark).toBeGreaterThan(500); // axes and the labels' glyphs (fonts found)
  });

  it('rejects a damaged PNG with the offset of the damage', () => {
    const png = svgToPng(svg, provenance);
    expect(() => pngChunks(png.subarray(0, 40))).toThrow(/offset 33|runs past the end/);
    const flipped = Buffer.from(png);
    flipped[45] ^= 0xff;
    expect(() => pngChunks(flipped)).toThrow('PNG chunk iTXt at offset 33: CRC mismatch');
    expect(() => pngChunks(Buffer.from('GIF89a'))).toThrow('not a PNG: bad signature');
  });
});
