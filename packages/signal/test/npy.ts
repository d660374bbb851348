import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

type Column = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array | BigInt64Array;

const ARRAYS: Record<string, new (n: number) => Column> = {
  '|i1': Int8Array,
  '|u1': Uint8Array,
  '|b1': Uint8Array,
  '<i2': Int16Array,
  '<i4': Int32Array,
  '<f4': Float32Array,
  '<i8': BigInt64Array,
};

/** A gzipped structured .npy (plain field names) as a struct of typed arrays, array fields row-major. */
export function readNpyGz<C = Record<string, Column>>(path: string | URL): { length: number; columns: C } {
  const bytes = gunzipSync(readFileSync(path));
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const fields = [...header.matchAll(/\('(\w+)', '([<|]\w\d)'(?:, \((\d+),\))?\)/g)].map((m) => ({
    name: m[1],
    type: m[2],
    count: m[3] ? Number(m[3]) : 1,
  }));
  const length = Number(/'shape': \((\d+),\)/.exec(header)?.[1]);
  const body = bytes.subarray(10 + headerLength);
  const sizes = fields.map((f) => Number(f.type.slice(2)) * f.count);
  const rowBytes = sizes.reduce((a, b) => a + b, 0);
  const columns: Record<string, Column> = {};
  let offset = 0;
  fields.forEach((f, k) => {
    const ArrayType = ARRAYS[f.type];
    const col = new ArrayType(length * f.count);
    const dst = new Uint8Array(col.buffer);
    for (let i = 0; i < length; i++) {
      const from = body.byteOffset + i * rowBytes + offset;
      dst.set(new Uint8Array(body.buffer, from, sizes[k]), i * sizes[k]);
    }
    columns[f.name] = col;
    offset += sizes[k];
  });
  return { length, columns: columns as C };
}

export const fixture = (name: string) => new URL(`./fixtures/${name}.npy.gz`, import.meta.url);

/** First row where two columns differ bit for bit (−0 ≠ 0, NaN = same NaN), or −1; fast on big arrays. */
export function firstDifference(a: ArrayBufferView, b: ArrayBufferView, width = 1): number {
  const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (x.equals(y)) return -1;
  const bytesPerRow = (x.length / Math.max(1, (a as Float32Array).length)) * width;
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return Math.floor(i / bytesPerRow);
  return Math.floor(Math.min(x.length, y.length) / bytesPerRow);
}
