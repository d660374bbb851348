import type { Dtype, RecordBatch } from '@dance/schema';
import {
  RecordBatch as ArrowBatch,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Table,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
} from 'apache-arrow';

const ARROW_TYPE: Record<Dtype, () => DataType> = {
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

/**
 * A batch as an uncompressed Arrow IPC stream for the browser: every column shares the batch's
 * typed array (no copy), array fields (waveforms) become FixedSizeList columns. The store's own
 * codec compresses with zstd, which apache-arrow in the browser cannot undo, hence this writer.
 */
export function arrowStream(batch: RecordBatch): Uint8Array {
  const columns = batch.schema.fields.map((f) => {
    const element = ARROW_TYPE[f.dtype]();
    const values = batch.column(f.name);
    const length = batch.length * (f.shape ?? 1);
    // makeData's typings want one concrete element type; each ARROW_TYPE entry matches its array
    const leaf = makeData({ type: element as Int32, length, data: values as Int32Array });
    if (f.shape === undefined) return { field: new Field(f.name, element, false), data: leaf };
    const type = new FixedSizeList(f.shape, new Field('item', element, false));
    return { field: new Field(f.name, type, false), data: makeData({ type, length: batch.length, child: leaf }) };
  });
  const fields = columns.map((c) => c.field);
  const schema = new Schema(fields, new Map([['dance.type', batch.schema.name]]));
  const struct = makeData({ type: new Struct(fields), length: batch.length, children: columns.map((c) => c.data) });
  return RecordBatchStreamWriter.writeAll(new Table([new ArrowBatch(schema, struct)])).toUint8Array(true);
}
