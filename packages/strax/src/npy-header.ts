import { UserError } from '@dance/schema';
import { type DescrField, descrFromPy } from './descr.js';
import { PyLiteralError, parsePyLiteral } from './python-literal.js';

/** The .npy header fields numpy writes (format versions 1.0, 2.0 and 3.0). */
export interface NpyHeader {
  /** Structured fields, or the type string of a plain array. */
  descr: DescrField[] | string;
  fortranOrder: boolean;
  shape: number[];
}

export interface ParsedNpyHeader {
  header: NpyHeader;
  version: [number, number];
  /** Byte offset where the array data starts. */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy pads headers so the data starts on a multiple of this (mmap friendliness). */
const ALIGN = 64;
/** numpy reserves room for a shape this many digits long, so a growing array can be rewritten in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;

/**
 * Parses the header at the start of a .npy file. `head` must hold at least the preamble; returns
 * the number of bytes needed when it is too short for the whole header.
 */
export function parseNpyHeader(head: Uint8Array, file: string): ParsedNpyHeader | { need: number } {
  if (head.length < 10 || MAGIC.some((b, i) => head[i] !== b)) {
    throw new UserError(`${file}: not a .npy file (no \\x93NUMPY magic at offset 0)`);
  }
  const major = head[6];
  const minor = head[7];
  if (major < 1 || major > 3) throw new UserError(`${file}: unsupported .npy format version ${major}.${minor}`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lenBytes) return { need: 8 + lenBytes };
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lenBytes + headerLen;
  if (head.length < dataOffset) return { need: dataOffset };
  const raw = head.subarray(8 + lenBytes, dataOffset);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(raw);
  let dict: ReturnType<typeof parsePyLiteral>;
  try {
    dict = parsePyLiteral(text);
  } catch (err) {
    if (err instanceof PyLiteralError) throw new UserError(`${file}: malformed .npy header: ${err.message}`);
    throw err;
  }
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) {
    throw new UserError(`${file}: malformed .npy header: not a dict`);
  }
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!(key in dict)) throw new UserError(`${file}: .npy header has no '${key}' key`);
  }
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (typeof fortranOrder !== 'boolean') throw new UserError(`${file}: .npy header 'fortran_order' is not a bool`);
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && d >= 0)) {
    throw new UserError(`${file}: .npy header 'shape' is not a tuple of sizes`);
  }
  return {
    header: { descr: descrFromPy(descr, file), fortranOrder, shape: shape as number[] },
    version: [major, minor],
    dataOffset,
  };
}

/**
 * The header numpy.save writes for a C-ordered 1-d array of `rows` records whose descr repr is
 * `descrRepr`: same version choice, key order, growth padding and 64-byte alignment, so our files
 * are byte-identical to numpy's. Its length does not depend on `rows` (below 10^21).
 */
export function formatNpyHeader(descrRepr: string, rows: number): Uint8Array {
  const shape = `(${rows},)`;
  const dict = `{'descr': ${descrRepr}, 'fortran_order': False, 'shape': ${shape}, }`;
  const text = dict + ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(rows).length);
  const latin1 = Array.from(text).every((c) => c.codePointAt(0)! <= 0xff);
  const body = latin1 ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : new TextEncoder().encode(text);
  for (const major of latin1 ? [1, 2] : [3]) {
    const prefix = 8 + (major === 1 ? 2 : 4);
    const hlen = body.length + 1;
    const pad = ALIGN - ((prefix + hlen) % ALIGN);
    const total = hlen + pad;
    if (major === 1 && total > 0xffff) continue;
    const out = new Uint8Array(prefix + total);
    out.set(MAGIC, 0);
    out[6] = major;
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (major === 1) view.setUint16(8, total, true);
    else view.setUint32(8, total, true);
    out.set(body, prefix);
    out.fill(0x20, prefix + body.length, out.length - 1);
    out[out.length - 1] = 0x0a;
    return out;
  }
  throw new Error('unreachable: version 2 headers hold any latin-1 header');
}
