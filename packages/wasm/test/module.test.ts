import { describe, expect, it } from 'vitest';
import { assemble, F64, I32, i16x8, op, V128, type WasmFunction } from '../src/index.js';

// lib ES2023 without DOM has no WebAssembly types: the little used here
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

/** Σ of n int32 at ptr, a scalar loop with a local and a result. */
const sum: WasmFunction = {
  name: 'sum',
  params: [I32, I32],
  results: [I32],
  locals: [[1, I32]],
  // biome-ignore format: one line per instruction group
  body: [
    ...op.block, ...op.loop,
      ...op.localGet(1), ...op.i32Eqz, ...op.brIf(1),
      ...op.localGet(2), ...op.localGet(0), ...op.i32Load(), ...op.i32Add, ...op.localSet(2),
      ...op.localGet(0), ...op.i32Const(4), ...op.i32Add, ...op.localSet(0),
      ...op.localGet(1), ...op.i32Const(-1), ...op.i32Add, ...op.localSet(1),
      ...op.br(0),
    ...op.end, ...op.end,
    ...op.localGet(2),
  ],
};

/** out[0..8) = a[0..8) − b (int16 lanes), then √2 as f64 at out + 16: SIMD, f64 and stores with offsets. */
const lanes: WasmFunction = {
  name: 'lanes',
  params: [I32, I32, I32],
  locals: [
    [1, V128],
    [1, F64],
  ],
  // biome-ignore format: one line per instruction group
  body: [
    ...op.localGet(0), ...op.v128Load(), ...op.localGet(2), ...op.i16x8Splat, ...op.i16x8Sub, ...op.localSet(3),
    ...op.localGet(1), ...op.localGet(3), ...op.v128Store(),
    ...op.f64Const(2), ...op.f64Sqrt, ...op.localSet(4),
    ...op.localGet(1), ...op.localGet(4), ...op.f64Store(16),
  ],
};

interface Exports {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  sum(ptr: number, n: number): number;
  lanes(a: number, out: number, b: number): void;
}

describe('assemble', () => {
  const bytes = assemble([sum, lanes], { name: 'mem', pages: 2 });

  it('writes a module that validates and exports its memory first, then the functions', () => {
    expect(WebAssembly.validate(bytes)).toBe(true);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Exports;
    expect(Object.keys(exports)).toEqual(['mem', 'sum', 'lanes']);
    expect(exports.mem.buffer.byteLength).toBe(2 * 65536);
    expect(exports.mem.grow(1)).toBe(2);
  });

  it('computes what its instructions say', () => {
    const k = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Exports;
    new Int32Array(k.mem.buffer, 64, 5).set([7, -2, 1000, 2 ** 30, 5]);
    expect(k.sum(64, 5)).toBe(7 - 2 + 1000 + 2 ** 30 + 5);
    expect(k.sum(64, 0)).toBe(0);

    new Int16Array(k.mem.buffer, 0, 8).set([0, 1, -1, 100, -32768, 32767, 5, 9]);
    k.lanes(0, 256, 3);
    expect([...new Int16Array(k.mem.buffer, 256, 8)]).toEqual([-3, -2, -4, 97, 32765, 32764, 2, 6]);
    expect(new Float64Array(k.mem.buffer, 272, 1)[0]).toBe(Math.SQRT2);
  });

  it('defaults to one exported page named memory', () => {
    const one = assemble([{ name: 'nothing', params: [], body: [] }]);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(one)).exports as {
      memory: { buffer: ArrayBuffer };
    };
    expect(Object.keys(exports)).toEqual(['memory', 'nothing']);
    expect(exports.memory.buffer.byteLength).toBe(65536);
  });

  it('spells the instructions as the binary format does', () => {
    expect(op.i32Const(-123456)).toEqual([0x41, 0xc0, 0xbb, 0x78]);
    expect(op.i16x8Sub).toEqual([0xfd, 0x91, 0x01]);
    expect(op.f64Store(16)).toEqual([0x39, 3, 16]);
    expect(i16x8([1, -1, 256, 0, 0, 0, 0, 0])).toEqual([1, 0, 0xff, 0xff, 0, 1, ...Array(10).fill(0)]);
  });

  it('refuses a v128 immediate that is not 16 bytes', () => {
    expect(() => op.v128Const([1, 2, 3])).toThrow('v128.const takes 16 bytes, not 3');
    expect(() => op.i8x16Shuffle(i16x8([0, 1, 2, 3]))).toThrow('i8x16.shuffle takes 16 bytes, not 8');
  });
});
