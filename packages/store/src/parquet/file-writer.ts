import type { RecordBatch, RecordSchema } from '@dance/schema';
import { parquetSchemaOf, schemaNodes } from './columns.js';
import { columnChunk, fileMetaData, rowGroup } from './format.js';
import { encodeStruct, type ThriftOut } from './thrift.js';
import { ByteSink, CREATED_BY, DEFAULT_LEVEL, type EncodeOptions, MAGIC, PageWriter } from './write.js';

/**
 * Streams one Parquet file, one row group per `writeRowGroup` call (e.g. per stored chunk), with
 * the same encoding as `encodeParquet`. Only one row group is in memory at a time; `out` receives
 * the file's bytes in order. Added for whole-product exports (@dance/strax `writeParquetFile`).
 */
export class ParquetFileWriter {
  private readonly columns;
  private readonly groups: ThriftOut[] = [];
  private position = 0;
  private rows = 0;

  constructor(
    readonly schema: RecordSchema,
    private readonly out: (bytes: Uint8Array) => Promise<void>,
    private readonly opts: Omit<EncodeOptions, 'rowGroupRows'> = {},
  ) {
    this.columns = parquetSchemaOf(schema);
  }

  async writeRowGroup(batch: RecordBatch): Promise<void> {
    if (batch.schema.name !== this.schema.name) {
      throw new Error(`ParquetFileWriter: got a ${batch.schema.name} batch for a ${this.schema.name} file`);
    }
    if (this.position === 0) await this.emit(MAGIC);
    if (batch.length === 0) return;
    const sink = new ByteSink(1 << 16);
    const pages = new PageWriter(sink, this.opts.level ?? DEFAULT_LEVEL);
    const chunks = this.columns.map((c) => pages.columnChunk(c, batch.column(c.field), 0, batch.length));
    const base = this.position;
    this.groups.push(
      rowGroup({
        columns: chunks.map((c) => columnChunk({ ...c, dataPageOffset: base + c.dataPageOffset })),
        numRows: batch.length,
        uncompressedBytes: chunks.reduce((s, c) => s + c.uncompressedBytes, 0),
        compressedBytes: sink.length,
        fileOffset: base,
      }),
    );
    this.rows += batch.length;
    await this.emit(sink.bytes());
  }

  /** Writes the footer; the file is complete once this resolves. */
  async finish(): Promise<void> {
    if (this.position === 0) await this.emit(MAGIC);
    const footer = encodeStruct(
      fileMetaData({
        schema: schemaNodes(this.schema),
        numRows: this.rows,
        rowGroups: this.groups,
        keyValue: { ...this.opts.keyValueMetadata, 'dance.schema': JSON.stringify(this.schema) },
        createdBy: CREATED_BY,
        leafColumns: this.columns.length,
      }),
    );
    const tail = new Uint8Array(8);
    new DataView(tail.buffer).setUint32(0, footer.length, true);
    tail.set(MAGIC, 4);
    await this.emit(footer);
    await this.emit(tail);
  }

  private async emit(bytes: Uint8Array): Promise<void> {
    await this.out(bytes);
    this.position += bytes.length;
  }
}
