/**
 * DANCE's own Parquet codec for table data types (hits, peaks, events). General Parquet libraries
 * in JS write 25-90 MB/s here; this one does only what DANCE needs — PLAIN encoding, data page v1,
 * zstd (zstd-napi), fixed-size arrays as LISTs, no nulls — and so runs at memory/zstd speed.
 * Footer and page headers use the Thrift compact protocol (thrift.ts). The files open in DuckDB,
 * pyarrow/pandas and polars; the reader accepts only files using that same subset.
 */
export { type ParquetColumnDescription, parquetSchemaOf } from './columns.js';
export { ParquetFileWriter } from './file-writer.js';
/** The footer's reader, for callers that fetch only some column chunks' byte ranges. */
export { type FileMetaDataIn, readFileMetaData } from './format.js';
export { type DecodeOptions, decodeParquet } from './read.js';
export { decodeStruct } from './thrift.js';
export { type EncodeOptions, encodeParquet } from './write.js';
