import { type RecordBatch, type RecordSchema, UserError } from '@dance/schema';
import { decodeArrow, encodeArrow } from './arrow/codec.js';
import type { ChunkFormat } from './manifest.js';
import { decodeParquet, encodeParquet } from './parquet/index.js';

/** How chunks of one format are encoded, named and decoded. */
export interface ChunkCodec {
  format: ChunkFormat;
  extension: string;
  encode(batch: RecordBatch): Uint8Array;
  decode(schema: RecordSchema, bytes: Uint8Array, options: { columns?: readonly string[]; file?: string }): RecordBatch;
}

const CODECS = new Map<ChunkFormat, ChunkCodec>([
  ['arrow-ipc-zstd', { format: 'arrow-ipc-zstd', extension: 'arrow', encode: encodeArrow, decode: decodeArrow }],
  [
    'parquet-zstd',
    {
      format: 'parquet-zstd',
      extension: 'parquet',
      encode: (batch) => encodeParquet(batch),
      decode: (schema, bytes, { columns, file }) =>
        decodeParquet(schema, bytes, { columns: columns && [...columns], file }),
    },
  ],
]);

/** Waveform types go to Arrow IPC (write speed), table types to Parquet (what analysis queries). */
export function formatFor(schema: RecordSchema): ChunkFormat {
  return schema.storage === 'waveform' ? 'arrow-ipc-zstd' : 'parquet-zstd';
}

export function codecFor(format: ChunkFormat): ChunkCodec {
  const codec = CODECS.get(format);
  if (!codec) throw new UserError(`chunk format '${format}' is not available in this DANCE build`);
  return codec;
}
