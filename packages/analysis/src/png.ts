import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { provenanceJson } from './svg.js';

/** The iTXt keyword under which a plot's provenance JSON travels. */
export const PNG_PROVENANCE_KEY = 'dance:provenance';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Renders a plot's SVG to PNG (resvg, system fonts: DejaVu Sans, which Debian's fonts-dejavu-core
 * provides) and embeds `provenance` as an uncompressed iTXt chunk right after IHDR, the same JSON the
 * SVG carries in <metadata>. `scale` > 1 gives a sharper image for slides.
 */
export function svgToPng(svg: string, provenance: unknown, scale = 1): Buffer {
  const png = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  const ihdrEnd = SIGNATURE.length + 8 + 13 + 4;
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    iTXt(PNG_PROVENANCE_KEY, provenanceJson(provenance)),
    png.subarray(ihdrEnd),
  ]);
}

/** An iTXt chunk: keyword, no compression, no language tag, UTF-8 text. */
function iTXt(keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
  return chunk('iTXt', data);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngChunk {
  type: string;
  data: Buffer;
}

/**
 * The chunks of a PNG, checking signature, lengths and CRCs: what tests and users reading a plot's
 * provenance back need (text chunks are small; image data is returned as-is).
 */
export function pngChunks(png: Uint8Array): PngChunk[] {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  const out: PngChunk[] = [];
  for (let at = 8; at < buf.length; ) {
    if (at + 12 > buf.length) throw new Error(`PNG truncated at offset ${at}`);
    const length = buf.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > buf.length) throw new Error(`PNG chunk at offset ${at} runs past the end`);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (crc32(buf.subarray(at + 4, at + 8 + length)) !== buf.readUInt32BE(at + 8 + length)) {
      throw new Error(`PNG chunk ${type} at offset ${at}: CRC mismatch`);
    }
    out.push({ type, data });
    at = end;
  }
  return out;
}

/** The provenance JSON embedded by svgToPng, or undefined when the PNG has none. */
export function pngProvenance(png: Uint8Array): unknown {
  for (const { type, data } of pngChunks(png)) {
    if (type !== 'iTXt') continue;
    const nul = data.indexOf(0);
    if (data.toString('latin1', 0, nul) !== PNG_PROVENANCE_KEY) continue;
    // keyword NUL, compression flag and method, language tag NUL, translated keyword NUL, text
    let at = nul + 3;
    at = data.indexOf(0, at) + 1;
    at = data.indexOf(0, at) + 1;
    return JSON.parse(data.toString('utf8', at));
  }
  return undefined;
}
