/**
 * Just enough of the WebAssembly binary format to write the signal kernels from named opcodes.
 * `@dance/signal` may import nothing (not even the store's SIMD module), so it carries its own.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;
export const F64 = 0x7c;
const VOID = 0x40;

/** Unsigned LEB128. */
export const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
/** Signed LEB128. */
export function sleb(n: number): number[] {
  const low = n & 0x7f;
  const rest = n >> 7;
  const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
  return done ? [low] : [low | 0x80, ...sleb(rest)];
}

const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...leb(opcode), ...immediates];

/** Instructions by their text-format names; locals are numbered params first. */
export const w = {
  block: [0x02, VOID],
  loop: [0x03, VOID],
  if: [0x04, VOID],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  select: [0x1b],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  i32: (value: number) => [0x41, ...sleb(value)],
  /** i32.load with 4-byte alignment and a byte offset */
  load: (offset = 0) => [0x28, 2, ...leb(offset)],
  store: (offset = 0) => [0x36, 2, ...leb(offset)],
  load16: [0x2e, 1, 0],
  f64Zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  f64Store: [0x39, 3, 0],
  f64FromI32: [0xb7],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Sqrt: [0x9f],
  eqz: [0x45],
  geS: [0x4e],
  gtS: [0x4a],
  ltS: [0x48],
  geU: [0x4f],
  add: [0x6a],
  sub: [0x6b],
  shl: [0x74],
  v128Load: simd(0x00, 0, 0),
  v128Store: simd(0x0b, 0, 0),
  v128Const: (bytes: number[]) => simd(0x0c, ...bytes),
  i16x8Splat: simd(0x10),
  i32x4Lane: (lane: number) => simd(0x1b, lane),
  i16x8LtS: simd(0x2f),
  i16x8GeS: simd(0x35),
  v128And: simd(0x4e),
  anyTrue: simd(0x53),
  i32x4AddPairsOfI16: simd(0x7e),
  i16x8Sub: simd(0x91),
  i32x4Add: simd(0xae),
} as const;

/** `local += step` */
export const increment = (local: number, step: number | number[]) => [
  ...w.get(local),
  ...(typeof step === 'number' ? w.i32(step) : step),
  ...w.add,
  ...w.set(local),
];

const text = (s: string) => [s.length, ...new TextEncoder().encode(s)];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

export interface FunctionBody {
  name: string;
  params: number;
  result?: number;
  /** extra locals as [count, type] groups, numbered after the params */
  locals: [number, number][];
  code: number[];
}

/** A module exporting a growable memory (`memory`) and the given functions (all params i32). */
export function assemble(functions: FunctionBody[]): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...leb(f.params),
    ...Array(f.params).fill(I32),
    ...(f.result ? [1, f.result] : [0]),
  ]);
  const exports = functions.map((f, i) => [...text(f.name), 0, i]);
  const bodies = functions.map((f) => {
    const body = [...leb(f.locals.length), ...f.locals.flatMap(([n, t]) => [...leb(n), t]), ...f.code, ...w.end];
    return [...leb(body.length), ...body];
  });
  // biome-ignore format: one line per module section
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [...leb(types.length), ...types.flat()]),
    ...section(3, [...leb(functions.length), ...functions.map((_, i) => i)]),
    ...section(5, [1, 0, 1]),
    ...section(7, [...leb(functions.length + 1), ...text('memory'), 2, 0, ...exports.flat()]),
    ...section(10, [...leb(bodies.length), ...bodies.flat()]),
  ]);
}
