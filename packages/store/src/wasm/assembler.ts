/**
 * The few pieces of the WebAssembly binary format the store's SIMD kernels are assembled from
 * (split-bytes codec, adler32): named opcodes and the module's encodings, so each kernel reads as
 * its instructions rather than as an opaque binary.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;

export const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32RemU: 0x70,
  i32Or: 0x72,
  i32Shl: 0x74,
  simd: 0xfd,
  v128Load: 0x00,
  v128Store: 0x0b,
  i8x16Shuffle: 0x0d,
  void: 0x40,
} as const;

/** A name: its length, then its UTF-8 bytes. */
export const text = (s: string) => [s.length, ...new TextEncoder().encode(s)];
/** unsigned LEB128 */
export const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
/** signed LEB128, as i32.const wants its immediate */
export const sleb = (n: number): number[] => {
  const byte = n & 0x7f;
  const rest = n >> 7;
  const done = (rest === 0 && !(byte & 0x40)) || (rest === -1 && byte & 0x40);
  return done ? [byte] : [byte | 0x80, ...sleb(rest)];
};
export const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
