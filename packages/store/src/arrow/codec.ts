import {
  DTYPES,
  type Dtype,
  type FieldSpec,
  RecordBatch,
  type RecordSchema,
  type TypedArray,
  UserError,
} from '@dance/schema';
import {
  RecordBatch as ArrowBatch,
  CompressionType,
  type Data,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
} from 'apache-arrow';
import { projectSchema } from '../projection.js';
import { joinBytes, splitBytes } from './split-bytes.js';
import { compressedSize, registerZstd } from './zstd.js';

/** Arrow element type per DANCE dtype; bool is kept as uint8 (0/1) so columns stay zero-copy. */
const ARROW_TYPE: Record<
  Dtype,
  () => Int8 | Uint8 | Int16 | Uint16 | Int32 | Uint32 | Int64 | Uint64 | Float32 | Float64
> = {
  i8: () => new Int8(),
  u8: () => new Uint8(),
  bool: () => new Uint8(),
  i16: () => new Int16(),
  u16: () => new Uint16(),
  i32: () => new Int32(),
  u32: () => new Uint32(),
  i64: () => new Int64(),
  u64: () => new Uint64(),
  f32: () => new Float32(),
  f64: () => new Float64(),
};

/** One Arrow column: its field and data. */
interface Column {
  field: Field;
  data: Data;
}

function column(
  name: string,
  dtype: Dtype,
  shape: number | undefined,
  values: TypedArray,
  rows: number,
  meta: Map<string, string>,
): Column {
  const element = ARROW_TYPE[dtype]();
  // makeData's typings want one concrete element type; every entry of ARROW_TYPE matches its array
  const leaf = makeData({ type: element as Int32, length: rows * (shape ?? 1), data: values as Int32Array });
  if (shape === undefined) return { field: new Field(name, element, false, meta), data: leaf };
  const type = new FixedSizeList(shape, new Field('item', element, false));
  return { field: new Field(name, type, false, meta), data: makeData({ type, length: rows, child: leaf }) };
}

/** Whether a field is stored with the split-bytes codec: waveform-like arrays of 16-bit samples. */
function isSplit(f: FieldSpec): boolean {
  return f.shape !== undefined && (f.dtype === 'i16' || f.dtype === 'u16');
}

function columnsOf(f: FieldSpec, values: TypedArray, rows: number, split: boolean): Column[] {
  const meta = new Map([
    ['unit', f.unit],
    ['description', f.description],
  ]);
  if (!(split && isSplit(f) && splitPays(values as Int16Array))) {
    return [column(f.name, f.dtype, f.shape, values, rows, meta)];
  }
  const { lo, hi } = splitBytes(values as Int16Array);
  const planeMeta = (plane: string) =>
    new Map([...meta, ['dance.codec', `split-bytes:${plane}`], ['dance.field', f.name], ['dance.dtype', f.dtype]]);
  return [
    column(`${f.name}_lo`, 'u8', f.shape, lo, rows, planeMeta('lo')),
    column(`${f.name}_hi`, 'u8', f.shape, hi, rows, planeMeta('hi')),
  ];
}

/** Samples tried both ways before a chunk is encoded: about 64 kB, a few per mille of a chunk. */
const TRIAL_SAMPLES = 32_768;

/**
 * Whether split-bytes makes these samples at least 10% smaller than plain int16, judged on their
 * first TRIAL_SAMPLES. It does on baseline-plus-noise waveforms (raw_records: ratio 3.9 vs 3.0);
 * on baselined, zero-suppressed ones (records) it gains ~2% and costs read speed, so those stay plain.
 */
function splitPays(samples: Int16Array): boolean {
  const trial = samples.subarray(0, TRIAL_SAMPLES);
  const { lo, hi } = splitBytes(trial);
  const plain = compressedSize(new Uint8Array(trial.buffer, trial.byteOffset, trial.byteLength));
  return compressedSize(lo) + compressedSize(hi) < 0.9 * plain;
}

/**
 * A batch as an Arrow table sharing the batch's typed arrays (no copy): array fields become
 * FixedSizeList columns; with `splitBytes`, 16-bit sample arrays (waveforms) become two byte-plane
 * columns `<name>_lo`, `<name>_hi` (the split-bytes codec, see split-bytes.ts) where that pays.
 */
export function arrowTableOf(batch: RecordBatch, options: { splitBytes?: boolean } = {}): Table {
  const { schema } = batch;
  const split = options.splitBytes ?? false;
  const columns = schema.fields.flatMap((f) => columnsOf(f, batch.column(f.name), batch.length, split));
  const fields = columns.map((c) => c.field);
  const arrowSchema = new Schema(
    fields,
    new Map([
      ['dance.type', schema.name],
      ['dance.version', String(schema.version)],
    ]),
  );
  const struct = makeData({ type: new Struct(fields), length: batch.length, children: columns.map((c) => c.data) });
  return new Table([new ArrowBatch(arrowSchema, struct)]);
}

/**
 * One chunk as an Arrow IPC file with zstd-compressed buffers and one record batch, waveforms
 * byte-split where that pays unless `splitBytes` is false (see arrowTableOf).
 */
export function encodeArrow(batch: RecordBatch, options: { splitBytes?: boolean } = {}): Uint8Array {
  registerZstd();
  const table = arrowTableOf(batch, { splitBytes: options.splitBytes ?? true });
  return RecordBatchFileWriter.writeAll(table, { compressionType: CompressionType.ZSTD }).toUint8Array(true);
}

/**
 * Reads a chunk written by encodeArrow into a batch of `schema` (or its projection on `columns`,
 * which always keeps `time`). apache-arrow decompresses every buffer of a record batch, so a
 * projection saves the copies and byte joins, not the decompression. Throws a UserError naming
 * `file` when the bytes are not such a file.
 */
export function decodeArrow(
  schema: RecordSchema,
  bytes: Uint8Array,
  options: { columns?: readonly string[]; file?: string } = {},
): RecordBatch {
  registerZstd();
  const where = options.file ?? 'Arrow chunk';
  const target = projectSchema(schema, options.columns);
  let table: Table;
  try {
    if (!isArrowFile(bytes)) throw new Error('no ARROW1 magic at both ends');
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new UserError(`${where}: not a readable Arrow IPC file (${(err as Error).message})`);
  }
  const rows = table.numRows;
  const read = (name: string, dtype: Dtype, shape: number | undefined): TypedArray => {
    const vector = table.getChild(name);
    if (!vector) throw new UserError(`${where}: column '${name}' is missing`);
    return flatValues(name, dtype, shape, vector.data, rows, where);
  };
  const columns: Record<string, TypedArray> = {};
  for (const f of target.fields) {
    if (isSplit(f) && table.getChild(`${f.name}_lo`)) {
      // not zero-filled first: every sample is overwritten by the join
      const bytes = Buffer.allocUnsafeSlow(rows * f.shape! * 2);
      const out = new DTYPES[f.dtype].array(bytes.buffer, bytes.byteOffset, rows * f.shape!) as Int16Array;
      joinBytes(
        read(`${f.name}_lo`, 'u8', f.shape) as Uint8Array,
        read(`${f.name}_hi`, 'u8', f.shape) as Uint8Array,
        out,
      );
      columns[f.name] = out;
    } else {
      columns[f.name] = read(f.name, f.dtype, f.shape);
    }
  }
  return new RecordBatch(target, rows, columns as never);
}

/** A column's values as one typed array: the decoded buffer itself when there is one batch. */
function flatValues(
  name: string,
  dtype: Dtype,
  shape: number | undefined,
  chunks: readonly Data[],
  rows: number,
  where: string,
): TypedArray {
  const k = shape ?? 1;
  const parts = chunks.map((d) => {
    const leaf = shape === undefined ? d : d.children[0];
    const values = leaf?.values as TypedArray | undefined;
    if (
      !(values instanceof DTYPES[dtype].array) ||
      (shape !== undefined && (d.type as FixedSizeList).listSize !== shape)
    ) {
      throw new UserError(`${where}: column '${name}' is not ${shape ? `${shape} × ` : ''}${dtype}`);
    }
    const start = shape === undefined ? d.offset : leaf.offset + d.offset * k;
    return values.subarray(start, start + d.length * k);
  });
  if (parts.length === 1) return parts[0];
  const out = new DTYPES[dtype].array(rows * k);
  let at = 0;
  for (const p of parts) {
    (out as Int8Array).set(p as Int8Array, at);
    at += p.length;
  }
  return out;
}

const MAGIC = new TextEncoder().encode('ARROW1');

function isArrowFile(bytes: Uint8Array): boolean {
  if (bytes.length < 2 * MAGIC.length) return false;
  const tail = bytes.length - MAGIC.length;
  return MAGIC.every((b, i) => bytes[i] === b && bytes[tail + i] === b);
}
