import { resolve } from 'node:path';
import {
  DTYPES,
  type FieldSpec,
  RecordBatch,
  type RecordSchema,
  rowLayout,
  type TypedArray,
  toStructBytes,
} from '@dance/schema';
import h5wasm, { type Dtype, dtype_to_metadata } from 'h5wasm/node';
import { eachBatch, writeAtomically } from './atomic.js';

/** Attributes written beside the data so the file explains itself. */
export interface Hdf5ExportInfo {
  run?: string;
  lineage?: string;
  /** Anything else worth keeping (e.g. provenance); stored as JSON. */
  [key: string]: unknown;
}

/** h5wasm type codes (Python struct style) for each field dtype; bool is stored as uint8. */
const H5_TYPE: Record<keyof typeof DTYPES, string> = {
  i8: '<b',
  u8: '<B',
  bool: '<B',
  i16: '<h',
  u16: '<H',
  i32: '<i',
  u32: '<I',
  i64: '<q',
  u64: '<Q',
  f32: '<f',
  f64: '<d',
};

const UNLIMITED = 2n ** 64n - 1n;
/** Target bytes per HDF5 chunk: big enough for gzip to work well, small enough to read a slice cheaply. */
const CHUNK_BYTES = 1 << 20;

/**
 * Writes a product as HDF5: the scalar fields as one chunked, gzip-compressed compound dataset
 * `/<type>` (members named and typed as the numpy dtype), and each array field (a waveform) as a
 * 2-d dataset `/<type>_<field>` of rows × samples, row-aligned with it. h5wasm cannot write
 * array members inside a compound (H5T_ARRAY is read-only there), hence the split. Attributes on
 * `/<type>` carry the DANCE schema, run and lineage. Written atomically.
 */
export async function writeHdf5(
  path: string,
  schema: RecordSchema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  info: Hdf5ExportInfo = {},
): Promise<void> {
  const Module = await h5wasm.ready;
  const scalars = { ...schema, fields: schema.fields.filter((f) => f.shape === undefined) };
  const arrays = schema.fields.filter((f) => f.shape !== undefined);
  await writeAtomically(path, async (tmp) => {
    const file = new h5wasm.File(resolve(tmp), 'w');
    try {
      const table = `/${schema.name}`;
      const tableRows = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, rowLayout(scalars).rowBytes)));
      const compound: Dtype = scalars.fields.map((f) => [f.name, H5_TYPE[f.dtype]]);
      createDataset(Module, file.file_id, table, compound, [], tableRows);
      const waveformPaths = arrays.map((f) => {
        const p = `${table}_${f.name}`;
        const rows = Math.max(1, Math.floor(CHUNK_BYTES / (DTYPES[f.dtype].bytes * f.shape!)));
        createDataset(Module, file.file_id, p, H5_TYPE[f.dtype], [f.shape!], rows);
        return p;
      });
      let rows = 0;
      for await (const batch of eachBatch(batches)) {
        if (batch.length === 0) continue;
        const part = new RecordBatch(scalars, batch.length, batch.columns as never);
        append(Module, file.file_id, table, toStructBytes(part), rows, batch.length, []);
        arrays.forEach((f, i) => {
          append(Module, file.file_id, waveformPaths[i], bytesOf(batch.column(f.name)), rows, batch.length, [f.shape!]);
        });
        rows += batch.length;
      }
      const ds = file.get(table) as InstanceType<typeof h5wasm.Dataset>;
      ds.create_attribute('dance_schema', JSON.stringify(schema));
      ds.create_attribute('data_type', schema.name);
      for (const [key, value] of Object.entries(info)) {
        if (value !== undefined) ds.create_attribute(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      arrays.forEach((f, i) => {
        const wf = file.get(waveformPaths[i]) as InstanceType<typeof h5wasm.Dataset>;
        describe(wf, f);
        ds.create_attribute(`field_${f.name}`, waveformPaths[i]);
      });
    } finally {
      file.close();
    }
  });
}

type H5Module = Awaited<typeof h5wasm.ready>;

/** An empty, resizable, chunked, gzip-compressed dataset of rows × `inner` elements. */
function createDataset(
  Module: H5Module,
  fileId: bigint,
  path: string,
  dtype: Dtype,
  inner: number[],
  chunkRows: number,
): void {
  const metadata = {
    ...dtype_to_metadata(dtype),
    shape: [0n, ...inner.map(BigInt)],
    maxshape: [UNLIMITED, ...inner.map(BigInt)],
    chunks: [BigInt(chunkRows), ...inner.map(BigInt)],
    compression: 1, // deflate
    compression_opts: [4],
    track_order: false,
  };
  const ptr = Module._malloc(1);
  try {
    Module.create_dataset(fileId, path, BigInt(ptr), metadata as never);
  } finally {
    Module._free(ptr);
  }
}

/** Grows a dataset by `n` rows and writes packed little-endian `bytes` into them. */
function append(
  Module: H5Module,
  fileId: bigint,
  path: string,
  bytes: Uint8Array,
  at: number,
  n: number,
  inner: number[],
): void {
  const dims = inner.map(BigInt);
  Module.resize_dataset(fileId, path, [BigInt(at + n), ...dims]);
  const ptr = Module._malloc(bytes.byteLength);
  try {
    Module.HEAPU8.set(bytes, ptr);
    Module.set_dataset_data(
      fileId,
      path,
      [BigInt(n), ...dims],
      [BigInt(at), ...dims.map(() => 0n)],
      [1n, ...dims.map(() => 1n)],
      BigInt(ptr),
    );
  } finally {
    Module._free(ptr);
  }
}

function describe(ds: InstanceType<typeof h5wasm.Dataset>, f: FieldSpec): void {
  ds.create_attribute('unit', f.unit);
  ds.create_attribute('description', f.description);
}

function bytesOf(col: TypedArray): Uint8Array {
  return new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
}
