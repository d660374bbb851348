import { RecordBatch } from './batch.js';
import { DTYPES } from './dtype.js';
import { type FieldSpec, type RecordSchema, rowLayout } from './record.js';

/** One entry of a numpy `dtype.descr`: (name, type string[, shape]). */
export type NumpyDescrEntry = [string, string] | [string, string, [number]];

/** The numpy structured dtype of a data type, in the packed layout strax uses. */
export function numpyDescr(schema: RecordSchema): NumpyDescrEntry[] {
  return schema.fields.map((f) =>
    f.shape === undefined ? [f.name, DTYPES[f.dtype].numpy] : [f.name, DTYPES[f.dtype].numpy, [f.shape]],
  );
}

/** `numpyDescr` as the Python literal numpy writes into a .npy header. */
export function numpyDescrLiteral(schema: RecordSchema): string {
  const entries = numpyDescr(schema).map(([name, type, shape]) =>
    shape ? `('${name}', '${type}', (${shape[0]},))` : `('${name}', '${type}')`,
  );
  return `[${entries.join(', ')}]`;
}

/**
 * Packs a batch into row-major structured bytes (numpy/strax layout). Assumes a little-endian
 * host, as every machine DANCE targets is; the layout itself is declared little-endian.
 */
export function toStructBytes(batch: RecordBatch): Uint8Array {
  const { fields, rowBytes } = rowLayout(batch.schema);
  const n = batch.length;
  const out = new Uint8Array(n * rowBytes);
  for (const { field, offset, bytes } of fields) {
    const col = batch.column(field.name);
    const src = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
    copyStrided(src, bytes, 0, out, rowBytes, offset, n, bytes);
  }
  return out;
}

/** Unpacks row-major structured bytes (numpy/strax layout) into a batch. */
export function fromStructBytes<F extends readonly FieldSpec[]>(
  schema: RecordSchema<F>,
  bytes: Uint8Array,
): RecordBatch<F> {
  const { fields, rowBytes } = rowLayout(schema);
  if (bytes.byteLength % rowBytes !== 0) {
    throw new Error(`${schema.name}: ${bytes.byteLength} bytes is not a whole number of ${rowBytes}-byte rows`);
  }
  const n = bytes.byteLength / rowBytes;
  const batch = RecordBatch.allocate(schema, n);
  for (const { field, offset, bytes: width } of fields) {
    const col = batch.column(field.name);
    const dst = new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
    copyStrided(bytes, rowBytes, offset, dst, width, 0, n, width);
  }
  return batch;
}

/**
 * Copies `n` runs of `width` bytes between strided layouts; the hot loop of npy/strax I/O. Moves
 * 32-bit or 16-bit words when every offset and stride allows it (strax's 244-byte rows keep all
 * raw_records fields 4- or 2-byte aligned), which is several times faster than byte copies.
 */
function copyStrided(
  src: Uint8Array,
  srcStride: number,
  srcOffset: number,
  dst: Uint8Array,
  dstStride: number,
  dstOffset: number,
  n: number,
  width: number,
): void {
  const aligned = (w: number) =>
    [src.byteOffset + srcOffset, srcStride, dst.byteOffset + dstOffset, dstStride, width].every((x) => x % w === 0);
  const word = aligned(4) ? 4 : aligned(2) ? 2 : 1;
  const view = (bytes: Uint8Array) => {
    const length = Math.floor(bytes.byteLength / word);
    if (word === 4) return new Uint32Array(bytes.buffer, bytes.byteOffset, length);
    return word === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, length) : bytes;
  };
  const from = view(src);
  const to = view(dst);
  const [ss, so, ds, dof, k] = [srcStride / word, srcOffset / word, dstStride / word, dstOffset / word, width / word];
  for (let i = 0; i < n; i++) {
    const s = i * ss + so;
    const d = i * ds + dof;
    for (let j = 0; j < k; j++) to[d + j] = from[s + j];
  }
}
