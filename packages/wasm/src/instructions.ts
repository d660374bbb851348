/**
 * The instructions DANCE's kernels are written in, named after the text format (`local.get` is
 * `op.localGet`, `i16x8.ge_s` is `op.i16x8GeS`). Each is its bytes; those with immediates are
 * functions of them. Locals are numbered params first. Blocks, loops and ifs yield no value.
 */
import { sleb128, uleb128 } from './leb128.js';

const NO_VALUE = 0x40;
const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...uleb128(opcode), ...immediates];
/** memory access immediates: log2 of the alignment hint, then the byte offset */
const memarg = (align: number, offset: number) => [align, ...uleb128(offset)];

function sixteen(what: string, bytes: readonly number[]): readonly number[] {
  if (bytes.length !== 16) throw new RangeError(`${what} takes 16 bytes, not ${bytes.length}`);
  return bytes;
}

export const op = {
  block: [0x02, NO_VALUE],
  loop: [0x03, NO_VALUE],
  if: [0x04, NO_VALUE],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb128(depth)],
  brIf: (depth: number) => [0x0d, ...uleb128(depth)],
  select: [0x1b],

  localGet: (local: number) => [0x20, ...uleb128(local)],
  localSet: (local: number) => [0x21, ...uleb128(local)],
  localTee: (local: number) => [0x22, ...uleb128(local)],

  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  i32Load16S: (offset = 0) => [0x2e, ...memarg(1, offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  f64Store: (offset = 0) => [0x39, ...memarg(3, offset)],

  i32Const: (value: number) => [0x41, ...sleb128(value)],
  f64Const: (value: number) => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return [0x44, ...bytes];
  },

  i32Eqz: [0x45],
  i32LtS: [0x48],
  i32LtU: [0x49],
  i32GtS: [0x4a],
  i32GeS: [0x4e],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32RemU: [0x70],
  i32Or: [0x72],
  i32Shl: [0x74],

  f64Sqrt: [0x9f],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64ConvertI32S: [0xb7],

  // 128-bit SIMD; loads and stores claim no alignment, so any address is fast enough and valid
  v128Load: (offset = 0) => simd(0x00, ...memarg(0, offset)),
  v128Store: (offset = 0) => simd(0x0b, ...memarg(0, offset)),
  v128Const: (bytes: readonly number[]) => simd(0x0c, ...sixteen('v128.const', bytes)),
  i8x16Shuffle: (lanes: readonly number[]) => simd(0x0d, ...sixteen('i8x16.shuffle', lanes)),
  i16x8Splat: simd(0x10),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  i16x8LtS: simd(0x2f),
  i16x8GeS: simd(0x35),
  v128And: simd(0x4e),
  v128AnyTrue: simd(0x53),
  i16x8ExtaddPairwiseI8x16U: simd(0x7d),
  i32x4ExtaddPairwiseI16x8S: simd(0x7e),
  i32x4ExtaddPairwiseI16x8U: simd(0x7f),
  i16x8ExtendLowI8x16U: simd(0x89),
  i16x8ExtendHighI8x16U: simd(0x8a),
  i16x8Sub: simd(0x91),
  i32x4Add: simd(0xae),
  i32x4DotI16x8S: simd(0xba),
} as const;

/** The 16 bytes of eight 16-bit lanes, for `op.v128Const` (the text format's `v128.const i16x8 ...`). */
export const i16x8 = (lanes: readonly number[]): number[] => lanes.flatMap((x) => [x & 0xff, (x >> 8) & 0xff]);
