/**
 * The records and hits sample loops as WebAssembly SIMD: V8 does not vectorise JS loops (~1 ns per
 * sample), while 8 int16 lanes per instruction let most samples pass in a fraction of that, as numba
 * does for strax. In outline (rows of `samples` int16, row arrays of i32; pointers are byte offsets):
 *
 *   baseline(raw, len, bl, rms, n, samples, nb): for each row: bl = Σ of the first min(nb, len)
 *     samples / nb, rms = sqrt(Σ (x − bl)² / nb) with the samples past len counted as zero, in float64
 *     and in the same order as the plain-JS loop, so bit for bit the same (scalar: an add chain).
 *   flip(raw, out, bl, len, n, samples): for each row: out = (bl − raw) masked to the first len
 *     samples, int16 wrapping; bl[row] ← Σ out (8 lanes at a time; the last vector of a row spills
 *     zeros into the next row's output, which that row then overwrites, and past the block: keep 16
 *     bytes of room).
 *   scan(data, least, len, notes, n, samples) → hits: for each row: skip 8 samples at a time while
 *     no hit is open and none is ≥ least; otherwise step sample by sample, writing each maximal run of
 *     samples ≥ least among the first len as [row, start, end, Σ, max(0, max sample), first sample at
 *     the max] (6 × i32) to notes.
 */
import { F64, type FunctionBody, I32, increment, V128, w } from './assembler.js';

/** i16 lanes 0..7 */
const LANES = Array.from({ length: 8 }, (_, k) => [k, 0]).flat();

// locals are numbered params first; these params have the same place in every kernel
const [raw, len, n, samples] = [0, 3, 4, 5];
// baseline's locals
const [blLen, blOut, rmsOut, nb] = [1, 2, 3, 6];
const [row, j, valid, sum, blRow, blStep, blF, ss, dev] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
const sampleAt = [...w.get(blRow), ...w.get(j), ...w.i32(1), ...w.shl, ...w.add, ...w.load16];
/** for (; j < end; j++) body */
const samplesTo = (end: number, body: number[]) => [
  ...w.block,
  ...w.loop,
  ...w.get(j),
  ...w.get(end),
  ...w.geS,
  ...w.brIf(1),
  ...body,
  ...increment(j, 1),
  ...w.br(0),
  ...w.end,
  ...w.end,
];

// biome-ignore format: one line per wasm instruction group reads like the text format
const baselineCode = [
  ...w.get(samples), ...w.i32(1), ...w.shl, ...w.set(blStep), ...w.get(raw), ...w.set(blRow),
  ...w.block, ...w.loop,
    ...w.get(row), ...w.get(n), ...w.geU, ...w.brIf(1),
    ...w.get(nb), ...w.get(blLen), ...w.load(), ...w.get(nb), ...w.get(blLen), ...w.load(), ...w.ltS, ...w.select, ...w.set(valid),
    ...w.i32(0), ...w.set(sum), ...w.i32(0), ...w.set(j),
    ...samplesTo(valid, [...increment(sum, sampleAt)]),
    ...w.get(sum), ...w.f64FromI32, ...w.get(nb), ...w.f64FromI32, ...w.f64Div, ...w.set(blF),
    ...w.f64Zero, ...w.set(ss), ...w.i32(0), ...w.set(j),
    ...samplesTo(valid, [
      ...sampleAt, ...w.f64FromI32, ...w.get(blF), ...w.f64Sub, ...w.tee(dev), ...w.get(dev), ...w.f64Mul,
      ...w.get(ss), ...w.f64Add, ...w.set(ss),
    ]),
    ...samplesTo(nb, [...w.get(blF), ...w.get(blF), ...w.f64Mul, ...w.get(ss), ...w.f64Add, ...w.set(ss)]),
    ...w.get(blOut), ...w.get(blF), ...w.f64Store,
    ...w.get(rmsOut), ...w.get(ss), ...w.get(nb), ...w.f64FromI32, ...w.f64Div, ...w.f64Sqrt, ...w.f64Store,
    ...increment(blRow, w.get(blStep)), ...increment(blLen, 4), ...increment(blOut, 8), ...increment(rmsOut, 8),
    ...increment(row, 1),
    ...w.br(0),
  ...w.end, ...w.end,
];

// flip's locals
const [out, bl] = [1, 2];
const [r, jb, rem, rowBytes, blv, acc, v] = [6, 7, 8, 9, 10, 11, 12];

// biome-ignore format: one line per wasm instruction group reads like the text format
const flipCode = [
  ...w.get(samples), ...w.i32(1), ...w.shl, ...w.set(rowBytes),
  ...w.block, ...w.loop,
    ...w.get(r), ...w.get(n), ...w.geU, ...w.brIf(1),
    ...w.get(bl), ...w.load(), ...w.i16x8Splat, ...w.set(blv),
    ...w.get(len), ...w.load(), ...w.set(rem),
    ...w.v128Const(Array(16).fill(0)), ...w.set(acc),
    ...w.i32(0), ...w.set(jb),
    ...w.block, ...w.loop,
      ...w.get(jb), ...w.get(rowBytes), ...w.geU, ...w.brIf(1),
      ...w.get(blv), ...w.get(raw), ...w.get(jb), ...w.add, ...w.v128Load, ...w.i16x8Sub,
      ...w.v128Const(LANES), ...w.get(rem), ...w.i16x8Splat, ...w.i16x8LtS, ...w.v128And, ...w.set(v),
      ...w.get(out), ...w.get(jb), ...w.add, ...w.get(v), ...w.v128Store,
      ...w.get(acc), ...w.get(v), ...w.i32x4AddPairsOfI16, ...w.i32x4Add, ...w.set(acc),
      ...increment(jb, 16), ...increment(rem, -8),
      ...w.br(0),
    ...w.end, ...w.end,
    ...w.get(bl),
    ...w.get(acc), ...w.i32x4Lane(0), ...w.get(acc), ...w.i32x4Lane(1), ...w.add,
    ...w.get(acc), ...w.i32x4Lane(2), ...w.add, ...w.get(acc), ...w.i32x4Lane(3), ...w.add,
    ...w.store(),
    ...increment(raw, w.get(rowBytes)), ...increment(out, w.get(rowBytes)),
    ...increment(bl, 4), ...increment(len, 4), ...increment(r, 1),
    ...w.br(0),
  ...w.end, ...w.end,
];

// scan's locals
const [data, least, scanLen, notes] = [0, 1, 2, 3];
const [k, ln, lst, start, area, height, maxAt, x, e, count] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const [rowStep, thr] = [17, 18];

/** the note of a hit ending at `endLocal`; then `notes` moves on */
// biome-ignore format: one store per field
const note = (endLocal: number) => [
  ...w.get(notes), ...w.get(r), ...w.store(0),
  ...w.get(notes), ...w.get(start), ...w.store(4),
  ...w.get(notes), ...w.get(endLocal), ...w.store(8),
  ...w.get(notes), ...w.get(area), ...w.store(12),
  ...w.get(notes), ...w.get(height), ...w.store(16),
  ...w.get(notes), ...w.get(maxAt), ...w.store(20),
  ...increment(notes, 24), ...increment(count, 1),
];
const sampleAddress = (index: number) => [...w.get(data), ...w.get(index), ...w.i32(1), ...w.shl, ...w.add];
const hitOpen = [...w.get(start), ...w.i32(0), ...w.geS];

// biome-ignore format: one line per wasm instruction group reads like the text format
const scanCode = [
  ...w.get(samples), ...w.i32(1), ...w.shl, ...w.set(rowStep),
  ...w.block, ...w.loop,
    ...w.get(r), ...w.get(n), ...w.geU, ...w.brIf(1),
    ...w.get(least), ...w.load(), ...w.tee(lst), ...w.i16x8Splat, ...w.set(thr),
    ...w.get(scanLen), ...w.load(), ...w.set(ln),
    ...w.i32(-1), ...w.set(start), ...w.i32(0), ...w.set(k),
    ...w.block, ...w.loop,
      ...w.get(k), ...w.get(ln), ...w.geS, ...w.brIf(1),
      ...hitOpen, ...w.eqz, ...w.if,
        ...sampleAddress(k), ...w.v128Load, ...w.get(thr), ...w.i16x8GeS, ...w.anyTrue, ...w.eqz, ...w.if,
          ...increment(k, 8), ...w.br(2),
        ...w.end,
      ...w.end,
      // e = min(k + 8, ln): step through these samples one by one
      ...w.get(k), ...w.i32(8), ...w.add, ...w.tee(e), ...w.get(ln), ...w.get(e), ...w.get(ln), ...w.ltS,
      ...w.select, ...w.set(e),
      ...w.block, ...w.loop,
        ...w.get(k), ...w.get(e), ...w.geS, ...w.brIf(1),
        ...sampleAddress(k), ...w.load16, ...w.tee(x), ...w.get(lst), ...w.geS, ...w.if,
          ...hitOpen, ...w.if,
            ...w.get(x), ...w.get(height), ...w.gtS, ...w.if,
              ...w.get(x), ...w.set(height), ...w.get(k), ...w.set(maxAt),
            ...w.end,
          ...w.else,
            ...w.get(k), ...w.set(start), ...w.i32(0), ...w.set(area), ...w.get(k), ...w.set(maxAt),
            ...w.get(x), ...w.i32(0), ...w.get(x), ...w.i32(0), ...w.gtS, ...w.select, ...w.set(height),
          ...w.end,
          ...increment(area, w.get(x)),
        ...w.else,
          ...hitOpen, ...w.if, ...note(k), ...w.i32(-1), ...w.set(start), ...w.end,
        ...w.end,
        ...increment(k, 1),
        ...w.br(0),
      ...w.end, ...w.end,
      ...w.br(0),
    ...w.end, ...w.end,
    ...hitOpen, ...w.if, ...note(ln), ...w.end,
    ...increment(data, w.get(rowStep)), ...increment(least, 4), ...increment(scanLen, 4), ...increment(r, 1),
    ...w.br(0),
  ...w.end, ...w.end,
  ...w.get(count),
];

export const BASELINE: FunctionBody = {
  name: 'baseline',
  params: 7,
  locals: [
    [6, I32],
    [3, F64],
  ],
  code: baselineCode,
};
export const FLIP: FunctionBody = {
  name: 'flip',
  params: 6,
  locals: [
    [4, I32],
    [3, V128],
  ],
  code: flipCode,
};
export const SCAN: FunctionBody = {
  name: 'scan',
  params: 6,
  result: I32,
  locals: [
    [12, I32],
    [1, V128],
  ],
  code: scanCode,
};
