export { arrowTableOf, decodeArrow, encodeArrow } from './arrow/codec.js';
export { joinBytes, splitBytes } from './arrow/split-bytes.js';
export { Adler32, adler32, type Verify } from './checksum/index.js';
export { chunkSizes } from './chunking.js';
export { type ChunkCodec, codecFor, formatFor } from './formats.js';
export type { ChunkFormat, ChunkInfo, Manifest, SchemaInfo } from './manifest.js';
export { schemaOf } from './manifest.js';
export { NAME_PATTERN, type ProductKey, TYPE_PATTERN } from './names.js';
export { ParquetFileWriter } from './parquet/file-writer.js';
export {
  type DecodeOptions,
  decodeParquet,
  decodeStruct,
  type EncodeOptions,
  encodeParquet,
  type FileMetaDataIn,
  type ParquetColumnDescription,
  parquetSchemaOf,
  readFileMetaData,
} from './parquet/index.js';
export { projectSchema } from './projection.js';
export type { ReadOptions } from './reader.js';
export { type FaultHook, LocalSite, type Site } from './site.js';
export { Store } from './store.js';
export { type ChunkOptions, encodeChunk, ProductWriter, type WriterOptions } from './writer.js';
