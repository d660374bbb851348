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
import { F64, I32, i16x8, op, V128, type WasmFunction } from '@dance/wasm';

/** i16 lanes 0..7 */
const LANES = i16x8([0, 1, 2, 3, 4, 5, 6, 7]);
/** six and seven i32 params */
const [SIX, SEVEN] = [6, 7].map((n) => Array<typeof I32>(n).fill(I32));

/** `local += step` */
const increment = (local: number, step: number | number[]) => [
  ...op.localGet(local),
  ...(typeof step === 'number' ? op.i32Const(step) : step),
  ...op.i32Add,
  ...op.localSet(local),
];

// locals are numbered params first; these params have the same place in every kernel
const [raw, len, n, samples] = [0, 3, 4, 5];
// baseline's locals
const [blLen, blOut, rmsOut, nb] = [1, 2, 3, 6];
const [row, j, valid, sum, blRow, blStep, blF, ss, dev] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
const sampleAt = [
  ...op.localGet(blRow),
  ...op.localGet(j),
  ...op.i32Const(1),
  ...op.i32Shl,
  ...op.i32Add,
  ...op.i32Load16S(),
];
/** for (; j < end; j++) body */
const samplesTo = (end: number, body: number[]) => [
  ...op.block,
  ...op.loop,
  ...op.localGet(j),
  ...op.localGet(end),
  ...op.i32GeS,
  ...op.brIf(1),
  ...body,
  ...increment(j, 1),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

// biome-ignore format: one line per wasm instruction group reads like the text format
const baselineCode = [
  ...op.localGet(samples), ...op.i32Const(1), ...op.i32Shl, ...op.localSet(blStep), ...op.localGet(raw), ...op.localSet(blRow),
  ...op.block, ...op.loop,
    ...op.localGet(row), ...op.localGet(n), ...op.i32GeU, ...op.brIf(1),
    ...op.localGet(nb), ...op.localGet(blLen), ...op.i32Load(), ...op.localGet(nb), ...op.localGet(blLen), ...op.i32Load(), ...op.i32LtS, ...op.select, ...op.localSet(valid),
    ...op.i32Const(0), ...op.localSet(sum), ...op.i32Const(0), ...op.localSet(j),
    ...samplesTo(valid, [...increment(sum, sampleAt)]),
    ...op.localGet(sum), ...op.f64ConvertI32S, ...op.localGet(nb), ...op.f64ConvertI32S, ...op.f64Div, ...op.localSet(blF),
    ...op.f64Const(0), ...op.localSet(ss), ...op.i32Const(0), ...op.localSet(j),
    ...samplesTo(valid, [
      ...sampleAt, ...op.f64ConvertI32S, ...op.localGet(blF), ...op.f64Sub, ...op.localTee(dev), ...op.localGet(dev), ...op.f64Mul,
      ...op.localGet(ss), ...op.f64Add, ...op.localSet(ss),
    ]),
    ...samplesTo(nb, [...op.localGet(blF), ...op.localGet(blF), ...op.f64Mul, ...op.localGet(ss), ...op.f64Add, ...op.localSet(ss)]),
    ...op.localGet(blOut), ...op.localGet(blF), ...op.f64Store(),
    ...op.localGet(rmsOut), ...op.localGet(ss), ...op.localGet(nb), ...op.f64ConvertI32S, ...op.f64Div, ...op.f64Sqrt, ...op.f64Store(),
    ...increment(blRow, op.localGet(blStep)), ...increment(blLen, 4), ...increment(blOut, 8), ...increment(rmsOut, 8),
    ...increment(row, 1),
    ...op.br(0),
  ...op.end, ...op.end,
];

// flip's locals
const [out, bl] = [1, 2];
const [r, jb, rem, rowBytes, blv, acc, v] = [6, 7, 8, 9, 10, 11, 12];

// biome-ignore format: one line per wasm instruction group reads like the text format
const flipCode = [
  ...op.localGet(samples), ...op.i32Const(1), ...op.i32Shl, ...op.localSet(rowBytes),
  ...op.block, ...op.loop,
    ...op.localGet(r), ...op.localGet(n), ...op.i32GeU, ...op.brIf(1),
    ...op.localGet(bl), ...op.i32Load(), ...op.i16x8Splat, ...op.localSet(blv),
    ...op.localGet(len), ...op.i32Load(), ...op.localSet(rem),
    ...op.v128Const(Array(16).fill(0)), ...op.localSet(acc),
    ...op.i32Const(0), ...op.localSet(jb),
    ...op.block, ...op.loop,
      ...op.localGet(jb), ...op.localGet(rowBytes), ...op.i32GeU, ...op.brIf(1),
      ...op.localGet(blv), ...op.localGet(raw), ...op.localGet(jb), ...op.i32Add, ...op.v128Load(), ...op.i16x8Sub,
      ...op.v128Const(LANES), ...op.localGet(rem), ...op.i16x8Splat, ...op.i16x8LtS, ...op.v128And, ...op.localSet(v),
      ...op.localGet(out), ...op.localGet(jb), ...op.i32Add, ...op.localGet(v), ...op.v128Store(),
      ...op.localGet(acc), ...op.localGet(v), ...op.i32x4ExtaddPairwiseI16x8S, ...op.i32x4Add, ...op.localSet(acc),
      ...increment(jb, 16), ...increment(rem, -8),
      ...op.br(0),
    ...op.end, ...op.end,
    ...op.localGet(bl),
    ...op.localGet(acc), ...op.i32x4ExtractLane(0), ...op.localGet(acc), ...op.i32x4ExtractLane(1), ...op.i32Add,
    ...op.localGet(acc), ...op.i32x4ExtractLane(2), ...op.i32Add, ...op.localGet(acc), ...op.i32x4ExtractLane(3), ...op.i32Add,
    ...op.i32Store(),
    ...increment(raw, op.localGet(rowBytes)), ...increment(out, op.localGet(rowBytes)),
    ...increment(bl, 4), ...increment(len, 4), ...increment(r, 1),
    ...op.br(0),
  ...op.end, ...op.end,
];

// scan's locals
const [data, least, scanLen, notes] = [0, 1, 2, 3];
const [k, ln, lst, start, area, height, maxAt, x, e, count] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const [rowStep, thr] = [17, 18];

/** the note of a hit ending at `endLocal`; then `notes` moves on */
// biome-ignore format: one store per field
const note = (endLocal: number) => [
  ...op.localGet(notes), ...op.localGet(r), ...op.i32Store(0),
  ...op.localGet(notes), ...op.localGet(start), ...op.i32Store(4),
  ...op.localGet(notes), ...op.localGet(endLocal), ...op.i32Store(8),
  ...op.localGet(notes), ...op.localGet(area), ...op.i32Store(12),
  ...op.localGet(notes), ...op.localGet(height), ...op.i32Store(16),
  ...op.localGet(notes), ...op.localGet(maxAt), ...op.i32Store(20),
  ...increment(notes, 24), ...increment(count, 1),
];
const sampleAddress = (index: number) => [
  ...op.localGet(data),
  ...op.localGet(index),
  ...op.i32Const(1),
  ...op.i32Shl,
  ...op.i32Add,
];
const hitOpen = [...op.localGet(start), ...op.i32Const(0), ...op.i32GeS];

// biome-ignore format: one line per wasm instruction group reads like the text format
const scanCode = [
  ...op.localGet(samples), ...op.i32Const(1), ...op.i32Shl, ...op.localSet(rowStep),
  ...op.block, ...op.loop,
    ...op.localGet(r), ...op.localGet(n), ...op.i32GeU, ...op.brIf(1),
    ...op.localGet(least), ...op.i32Load(), ...op.localTee(lst), ...op.i16x8Splat, ...op.localSet(thr),
    ...op.localGet(scanLen), ...op.i32Load(), ...op.localSet(ln),
    ...op.i32Const(-1), ...op.localSet(start), ...op.i32Const(0), ...op.localSet(k),
    ...op.block, ...op.loop,
      ...op.localGet(k), ...op.localGet(ln), ...op.i32GeS, ...op.brIf(1),
      ...hitOpen, ...op.i32Eqz, ...op.if,
        ...sampleAddress(k), ...op.v128Load(), ...op.localGet(thr), ...op.i16x8GeS, ...op.v128AnyTrue, ...op.i32Eqz, ...op.if,
          ...increment(k, 8), ...op.br(2),
        ...op.end,
      ...op.end,
      // e = min(k + 8, ln): step through these samples one by one
      ...op.localGet(k), ...op.i32Const(8), ...op.i32Add, ...op.localTee(e), ...op.localGet(ln), ...op.localGet(e), ...op.localGet(ln), ...op.i32LtS,
      ...op.select, ...op.localSet(e),
      ...op.block, ...op.loop,
        ...op.localGet(k), ...op.localGet(e), ...op.i32GeS, ...op.brIf(1),
        ...sampleAddress(k), ...op.i32Load16S(), ...op.localTee(x), ...op.localGet(lst), ...op.i32GeS, ...op.if,
          ...hitOpen, ...op.if,
            ...op.localGet(x), ...op.localGet(height), ...op.i32GtS, ...op.if,
              ...op.localGet(x), ...op.localSet(height), ...op.localGet(k), ...op.localSet(maxAt),
            ...op.end,
          ...op.else,
            ...op.localGet(k), ...op.localSet(start), ...op.i32Const(0), ...op.localSet(area), ...op.localGet(k), ...op.localSet(maxAt),
            ...op.localGet(x), ...op.i32Const(0), ...op.localGet(x), ...op.i32Const(0), ...op.i32GtS, ...op.select, ...op.localSet(height),
          ...op.end,
          ...increment(area, op.localGet(x)),
        ...op.else,
          ...hitOpen, ...op.if, ...note(k), ...op.i32Const(-1), ...op.localSet(start), ...op.end,
        ...op.end,
        ...increment(k, 1),
        ...op.br(0),
      ...op.end, ...op.end,
      ...op.br(0),
    ...op.end, ...op.end,
    ...hitOpen, ...op.if, ...note(ln), ...op.end,
    ...increment(data, op.localGet(rowStep)), ...increment(least, 4), ...increment(scanLen, 4), ...increment(r, 1),
    ...op.br(0),
  ...op.end, ...op.end,
  ...op.localGet(count),
];

export const BASELINE: WasmFunction = {
  name: 'baseline',
  params: SEVEN,
  locals: [
    [6, I32],
    [3, F64],
  ],
  body: baselineCode,
};
export const FLIP: WasmFunction = {
  name: 'flip',
  params: SIX,
  locals: [
    [4, I32],
    [3, V128],
  ],
  body: flipCode,
};
export const SCAN: WasmFunction = {
  name: 'scan',
  params: SIX,
  results: [I32],
  locals: [
    [12, I32],
    [1, V128],
  ],
  body: scanCode,
};
