import { type RecordBatch, rowLayout, type TypedArray } from '@dance/schema';
import { type ParquetColumnDescription, parquetSchemaOf, schemaNodes, storageOf } from './columns.js';
import {
  type ColumnChunkOut,
  columnChunk,
  dataPageHeader,
  fileMetaData,
  PLAIN,
  RLE,
  rowGroup,
  ZSTD,
} from './format.js';
import { encodeDefinition, encodeRepetition } from './levels.js';
import { nativePlain, plainBytes, Scratch, writePlain } from './plain.js';
import { encodeStruct, type ThriftOut } from './thrift.js';
import { compressBound, compressInto } from './zstd.js';

/** Written into every file's `created_by`; a test keeps it equal to packages/store/package.json. */
export const CREATED_BY = 'DANCE 0.1.0';

/** zstd level: measured in bench/store/parquet-codec.ts as the best speed/ratio trade-off. */
export const DEFAULT_LEVEL = 1;
/** Uncompressed PLAIN bytes per data page, near what pyarrow and DuckDB write (about 1 MB). */
const PAGE_BYTES = 1 << 20;
/** Uncompressed bytes per row group when `rowGroupRows` is not given. */
const ROW_GROUP_BYTES = 256 << 20;

export const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"

export interface EncodeOptions {
  /** zstd level (default 1). */
  level?: number;
  /** Rows per row group (default: as many as fit in 256 MB uncompressed). */
  rowGroupRows?: number;
  /** Extra footer key/value pairs; `dance.schema` is always written and holds the declaration. */
  keyValueMetadata?: Record<string, string>;
}

/** An output buffer that grows by doubling. */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  /** Room for `n` more bytes at the end, to fill before advancing `length`. */
  room(n: number): Uint8Array {
    if (this.length + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.length + n, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    return this.buf.subarray(this.length, this.length + n);
  }

  write(bytes: Uint8Array): void {
    this.room(bytes.length).set(bytes);
    this.length += bytes.length;
  }

  /** The bytes written; a view when the buffer is mostly full (saves a copy of the whole file). */
  bytes(): Uint8Array {
    return this.length * 4 >= this.buf.length * 3 ? this.buf.subarray(0, this.length) : this.buf.slice(0, this.length);
  }
}

/**
 * Encodes a batch as one Parquet file: PLAIN values, data pages v1 compressed with zstd, one row
 * group per `rowGroupRows` rows, array fields as required LISTs, min/max statistics on `time`.
 * The result may be a view on a somewhat larger buffer: use its bytes, not `.buffer`.
 */
export function encodeParquet(batch: RecordBatch, opts: EncodeOptions = {}): Uint8Array {
  const schema = batch.schema;
  const level = opts.level ?? DEFAULT_LEVEL;
  const rowBytes = rowLayout(schema).rowBytes;
  const groupRows = opts.rowGroupRows ?? Math.max(1, Math.floor(ROW_GROUP_BYTES / rowBytes));
  if (!(Number.isInteger(groupRows) && groupRows > 0)) throw new RangeError('rowGroupRows must be a positive integer');
  const columns = parquetSchemaOf(schema);
  const sink = new ByteSink(Math.max(1 << 16, (batch.length * rowBytes) >> 1));
  const pages = new PageWriter(sink, level);
  sink.write(MAGIC);

  const groups: ThriftOut[] = [];
  for (let r0 = 0; r0 < batch.length; r0 += groupRows) {
    const r1 = Math.min(batch.length, r0 + groupRows);
    const start = sink.length;
    const chunks = columns.map((c) => pages.columnChunk(c, batch.column(c.field), r0, r1));
    groups.push(
      rowGroup({
        columns: chunks.map(columnChunk),
        numRows: r1 - r0,
        uncompressedBytes: chunks.reduce((s, c) => s + c.uncompressedBytes, 0),
        compressedBytes: sink.length - start,
        fileOffset: start,
      }),
    );
  }

  const footer = encodeStruct(
    fileMetaData({
      schema: schemaNodes(schema),
      numRows: batch.length,
      rowGroups: groups,
      keyValue: { ...opts.keyValueMetadata, 'dance.schema': JSON.stringify(schema) },
      createdBy: CREATED_BY,
      leafColumns: columns.length,
    }),
  );
  sink.write(footer);
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, footer.length, true);
  tail.set(MAGIC, 4);
  sink.write(tail);
  return sink.bytes();
}

/** Writes the pages of column chunks into a sink, reusing its buffers across pages. */
export class PageWriter {
  private readonly page = new Scratch();

  constructor(
    private readonly sink: ByteSink,
    private readonly level: number,
  ) {}

  columnChunk(c: ParquetColumnDescription, col: TypedArray, r0: number, r1: number): ColumnChunkOut {
    const k = c.listSize ?? 1;
    const pageRows = Math.max(1, Math.floor(PAGE_BYTES / (k * plainBytes(c.dtype, 1))));
    const start = this.sink.length;
    let uncompressedBytes = 0;
    for (let p = r0; p < r1; p += pageRows) {
      const rows = Math.min(pageRows, r1 - p);
      uncompressedBytes += this.writePage(this.pageBody(c, col, p * k, rows, k), rows * k);
    }
    return {
      type: storageOf(c.dtype).type,
      path: c.path,
      numValues: (r1 - r0) * k,
      uncompressedBytes,
      compressedBytes: this.sink.length - start,
      dataPageOffset: start,
      codec: ZSTD,
      encodings: c.listSize === undefined ? [PLAIN] : [PLAIN, RLE],
      minMax: c.field === 'time' && r1 > r0 ? timeRange(col as BigInt64Array, r0, r1) : undefined,
    };
  }

  /**
   * A v1 page body: for a LIST column repetition levels, definition levels, then values; for a
   * scalar just the values (a view of the column when no conversion is needed).
   */
  private pageBody(c: ParquetColumnDescription, col: TypedArray, from: number, rows: number, k: number): Uint8Array {
    const count = rows * k;
    const valueBytes = plainBytes(c.dtype, count);
    if (c.listSize === undefined) {
      const native = nativePlain(c.dtype, col, from, count);
      if (native) return native;
      const out = this.page.bytes(valueBytes);
      writePlain(c.dtype, col, from, count, out);
      return out;
    }
    const rep = encodeRepetition(rows, k);
    const def = encodeDefinition(count);
    const levels = 8 + rep.length + def.length;
    // Start the body so that the values land 4-byte aligned: widening writes them in place.
    const pad = (4 - (levels % 4)) % 4;
    const out = this.page.bytes(pad + levels + valueBytes).subarray(pad);
    const view = new DataView(out.buffer, out.byteOffset);
    view.setUint32(0, rep.length, true);
    out.set(rep, 4);
    view.setUint32(4 + rep.length, def.length, true);
    out.set(def, 8 + rep.length);
    writePlain(c.dtype, col, from, count, out.subarray(levels));
    return out;
  }

  /**
   * Compresses one page body straight into the sink after its header; returns the uncompressed
   * page bytes. The header holds the compressed size, so it is first sized for the worst case
   * and the data moved back when the real header is shorter (only for small compressed pages).
   */
  private writePage(payload: Uint8Array, numValues: number): number {
    const bound = compressBound(payload.length);
    const header = (compressedBytes: number) =>
      encodeStruct(dataPageHeader({ uncompressedBytes: payload.length, compressedBytes, numValues }));
    const reserved = header(bound).length;
    const room = this.sink.room(reserved + bound);
    const n = compressInto(room.subarray(reserved), payload, this.level);
    const actual = header(n);
    if (actual.length !== reserved) room.copyWithin(actual.length, reserved, reserved + n);
    room.set(actual);
    this.sink.length += actual.length + n;
    return actual.length + payload.length;
  }
}

/**
 * Little-endian min and max of times [r0, r1), compared as (signed high word, unsigned low word)
 * pairs: plain number comparisons instead of a BigInt per row.
 */
function timeRange(time: BigInt64Array, r0: number, r1: number): [Uint8Array, Uint8Array] {
  const w = new Int32Array(time.buffer, time.byteOffset, time.length * 2);
  let lo = r0;
  let hi = r0;
  // Flipping the sign bit makes signed comparison of low words order them as unsigned, and keeps
  // every value a small integer for the JIT.
  const low = (i: number) => w[2 * i] ^ 0x80000000;
  for (let i = r0 + 1; i < r1; i++) {
    const h = w[2 * i + 1];
    const l = low(i);
    const hLo = w[2 * lo + 1];
    if (h < hLo || (h === hLo && l < low(lo))) lo = i;
    const hHi = w[2 * hi + 1];
    if (h > hHi || (h === hHi && l > low(hi))) hi = i;
  }
  const bytesOf = (i: number) =>
    new Uint8Array(time.buffer.slice(time.byteOffset + i * 8, time.byteOffset + i * 8 + 8));
  return [bytesOf(lo), bytesOf(hi)];
}
