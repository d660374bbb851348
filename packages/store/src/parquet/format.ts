/**
 * Parquet's footer and page header structures (parquet.thrift), limited to the fields DANCE
 * writes or must look at to read a file safely. Field ids follow the Parquet format spec.
 */
import {
  binary,
  bool,
  i8,
  i32,
  i64,
  list,
  type StructIn,
  type StructOut,
  string,
  struct,
  type ThriftIn,
  type ThriftOut,
  Wire,
} from './thrift.js';

export const PHYSICAL_TYPES = [
  'BOOLEAN',
  'INT32',
  'INT64',
  'INT96',
  'FLOAT',
  'DOUBLE',
  'BYTE_ARRAY',
  'FIXED_LEN_BYTE_ARRAY',
] as const;
export type PhysicalType = (typeof PHYSICAL_TYPES)[number];

export const ENCODINGS = [
  'PLAIN',
  'GROUP_VAR_INT',
  'PLAIN_DICTIONARY',
  'RLE',
  'BIT_PACKED',
  'DELTA_BINARY_PACKED',
  'DELTA_LENGTH_BYTE_ARRAY',
  'DELTA_BYTE_ARRAY',
  'RLE_DICTIONARY',
  'BYTE_STREAM_SPLIT',
] as const;
export const PLAIN = 0;
export const RLE = 3;

export const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'] as const;
export const UNCOMPRESSED = 0;
export const ZSTD = 6;

export const PAGE_TYPES = ['DATA_PAGE', 'INDEX_PAGE', 'DICTIONARY_PAGE', 'DATA_PAGE_V2'] as const;
export const DATA_PAGE = 0;

export const REQUIRED = 0;
export const OPTIONAL = 1;
export const REPEATED = 2;

/** ConvertedType LIST, the legacy spelling of the LIST logical type. */
export const CONVERTED_LIST = 3;
/** LogicalType union members used here. */
const LOGICAL_LIST = 3;
const LOGICAL_INTEGER = 10;

/** Name of an enum value for messages, e.g. `RLE_DICTIONARY`, or the number if unknown. */
export function enumName(names: readonly string[], value: number): string {
  return names[value] ?? String(value);
}

/** An integer annotation: INT(bitWidth, signed). */
export interface IntAnnotation {
  readonly bitWidth: 8 | 16 | 32 | 64;
  readonly signed: boolean;
}

/** `INT(16, signed)`, as the Parquet spec writes the annotation. */
export function intLabel({ bitWidth, signed }: IntAnnotation): string {
  return `INT(${bitWidth}, ${signed ? 'signed' : 'unsigned'})`;
}

/** Legacy ConvertedType codes for integer annotations, for readers that predate LogicalType. */
function convertedInt({ bitWidth, signed }: IntAnnotation): number {
  const log2 = Math.log2(bitWidth) - 3; // 8 → 0 ... 64 → 3
  return signed ? 15 + log2 : 11 + log2;
}

/** The integer annotation a legacy ConvertedType stands for (DuckDB writes only these). */
function intOfConverted(code: number): IntAnnotation | undefined {
  if (code < 11 || code > 18) return undefined;
  return { bitWidth: (8 << ((code - 11) % 4)) as IntAnnotation['bitWidth'], signed: code >= 15 };
}

/** One node of the flattened schema tree, as written. */
export interface SchemaNode {
  readonly name: string;
  readonly type?: number;
  readonly repetition?: number;
  readonly children?: number;
  readonly int?: IntAnnotation;
  readonly list?: boolean;
}

export function schemaElement(node: SchemaNode): ThriftOut {
  const logical = node.int
    ? struct([LOGICAL_INTEGER, struct([1, i8(node.int.bitWidth)], [2, bool(node.int.signed)])])
    : node.list
      ? struct([LOGICAL_LIST, struct()])
      : undefined;
  const converted = node.int ? convertedInt(node.int) : node.list ? CONVERTED_LIST : undefined;
  return struct(
    [1, node.type === undefined ? undefined : i32(node.type)],
    [3, node.repetition === undefined ? undefined : i32(node.repetition)],
    [4, string(node.name)],
    [5, node.children === undefined ? undefined : i32(node.children)],
    [6, converted === undefined ? undefined : i32(converted)],
    [10, logical],
  );
}

export interface ColumnChunkOut {
  readonly type: number;
  readonly path: readonly string[];
  readonly numValues: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  readonly dataPageOffset: number;
  readonly codec: number;
  readonly encodings: readonly number[];
  /** Little-endian min and max, as Parquet's Statistics.min_value/max_value hold them. */
  readonly minMax?: readonly [Uint8Array, Uint8Array];
}

export function columnChunk(c: ColumnChunkOut): ThriftOut {
  const stats = c.minMax && struct([3, i64(0)], [5, binary(c.minMax[1])], [6, binary(c.minMax[0])]);
  const meta = struct(
    [1, i32(c.type)],
    [2, list(Wire.I32, c.encodings.map(i32))],
    [3, list(Wire.Binary, c.path.map(string))],
    [4, i32(c.codec)],
    [5, i64(c.numValues)],
    [6, i64(c.uncompressedBytes)],
    [7, i64(c.compressedBytes)],
    [9, i64(c.dataPageOffset)],
    [12, stats],
  );
  return struct([2, i64(c.dataPageOffset)], [3, meta]);
}

export interface RowGroupOut {
  readonly columns: readonly ThriftOut[];
  readonly numRows: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  readonly fileOffset: number;
}

export function rowGroup(g: RowGroupOut): ThriftOut {
  return struct(
    [1, list(Wire.Struct, g.columns)],
    [2, i64(g.uncompressedBytes)],
    [3, i64(g.numRows)],
    [5, i64(g.fileOffset)],
    [6, i64(g.compressedBytes)],
  );
}

export function fileMetaData(m: {
  schema: readonly SchemaNode[];
  numRows: number;
  rowGroups: readonly ThriftOut[];
  keyValue: Readonly<Record<string, string>>;
  createdBy: string;
  leafColumns: number;
}): StructOut {
  const kv = Object.entries(m.keyValue).map(([k, v]) => struct([1, string(k)], [2, string(v)]));
  // TYPE_ORDER for every leaf: tells readers that min_value/max_value use the type's natural order.
  const orders = Array.from({ length: m.leafColumns }, () => struct([1, struct()]));
  return [
    [1, i32(1)],
    [2, list(Wire.Struct, m.schema.map(schemaElement))],
    [3, i64(m.numRows)],
    [4, list(Wire.Struct, m.rowGroups)],
    [5, list(Wire.Struct, kv)],
    [6, string(m.createdBy)],
    [7, list(Wire.Struct, orders)],
  ];
}

export function dataPageHeader(p: {
  uncompressedBytes: number;
  compressedBytes: number;
  numValues: number;
}): StructOut {
  return [
    [1, i32(DATA_PAGE)],
    [2, i32(p.uncompressedBytes)],
    [3, i32(p.compressedBytes)],
    [5, struct([1, i32(p.numValues)], [2, i32(PLAIN)], [3, i32(RLE)], [4, i32(RLE)])],
  ];
}

// Reading: typed views of the generic Thrift trees, checked as they are taken apart.

/** A missing or mistyped metadata field; the reader adds file and offset. */
export class MetadataError extends Error {}

const text = new TextDecoder('utf-8', { fatal: false });

function need(s: StructIn, id: number, what: string): ThriftIn {
  const v = s.get(id);
  if (v === undefined) throw new MetadataError(`${what} is missing`);
  return v;
}

function num(s: StructIn, id: number, what: string): number {
  const v = need(s, id, what);
  if (typeof v !== 'number') throw new MetadataError(`${what} is not an integer`);
  return v;
}

function optNum(s: StructIn, id: number, what: string): number | undefined {
  return s.has(id) ? num(s, id, what) : undefined;
}

function str(s: StructIn, id: number, what: string): string {
  const v = need(s, id, what);
  if (!(v instanceof Uint8Array)) throw new MetadataError(`${what} is not a string`);
  return text.decode(v);
}

function structs(s: StructIn, id: number, what: string): StructIn[] {
  const v = need(s, id, what);
  if (!Array.isArray(v) || !v.every((x) => x instanceof Map))
    throw new MetadataError(`${what} is not a list of structs`);
  return v as StructIn[];
}

function sub(s: StructIn, id: number, what: string): StructIn | undefined {
  const v = s.get(id);
  if (v === undefined) return undefined;
  if (!(v instanceof Map)) throw new MetadataError(`${what} is not a struct`);
  return v;
}

export interface SchemaElementIn {
  readonly name: string;
  readonly type: number | undefined;
  readonly repetition: number | undefined;
  readonly children: number;
  readonly convertedType: number | undefined;
  /** Integer annotation from LogicalType INTEGER, if present. */
  readonly int: IntAnnotation | undefined;
  /** Whether annotated as LIST (LogicalType or ConvertedType). */
  readonly list: boolean;
}

function readSchemaElement(s: StructIn): SchemaElementIn {
  const logical = sub(s, 10, 'schema element logicalType');
  const intType = logical && sub(logical, LOGICAL_INTEGER, 'INTEGER logical type');
  const convertedType = optNum(s, 6, 'schema element converted_type');
  let int: IntAnnotation | undefined;
  if (intType) {
    const bitWidth = num(intType, 1, 'INTEGER bitWidth');
    if (bitWidth !== 8 && bitWidth !== 16 && bitWidth !== 32 && bitWidth !== 64)
      throw new MetadataError(`INTEGER bitWidth ${bitWidth} is not 8, 16, 32 or 64`);
    int = { bitWidth, signed: need(intType, 2, 'INTEGER isSigned') === true };
  } else if (convertedType !== undefined) {
    int = intOfConverted(convertedType);
  }
  return {
    name: str(s, 4, 'schema element name'),
    type: optNum(s, 1, 'schema element type'),
    repetition: optNum(s, 3, 'schema element repetition_type'),
    children: optNum(s, 5, 'schema element num_children') ?? 0,
    convertedType,
    int,
    list: (logical?.has(LOGICAL_LIST) ?? false) || convertedType === CONVERTED_LIST,
  };
}

export interface ColumnChunkIn {
  readonly type: number;
  readonly path: readonly string[];
  readonly codec: number;
  readonly encodings: readonly number[];
  readonly numValues: number;
  readonly compressedBytes: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset: number | undefined;
}

function readColumnChunk(c: StructIn): ColumnChunkIn {
  if (c.has(1)) throw new MetadataError('column chunks in other files (file_path) are not supported');
  const m = sub(c, 3, 'column chunk meta_data');
  if (!m) throw new MetadataError('column chunk meta_data is missing (encrypted file?)');
  const path = need(m, 3, 'column path_in_schema');
  const encodings = need(m, 2, 'column encodings');
  if (!Array.isArray(path) || !Array.isArray(encodings)) throw new MetadataError('column metadata is malformed');
  return {
    type: num(m, 1, 'column type'),
    path: path.map((p) => (p instanceof Uint8Array ? text.decode(p) : '?')),
    codec: num(m, 4, 'column codec'),
    encodings: encodings.map((e) => (typeof e === 'number' ? e : -1)),
    numValues: num(m, 5, 'column num_values'),
    compressedBytes: num(m, 7, 'column total_compressed_size'),
    dataPageOffset: num(m, 9, 'column data_page_offset'),
    dictionaryPageOffset: optNum(m, 11, 'column dictionary_page_offset'),
  };
}

export interface RowGroupIn {
  readonly numRows: number;
  readonly columns: readonly ColumnChunkIn[];
}

export interface FileMetaDataIn {
  readonly schema: readonly SchemaElementIn[];
  readonly numRows: number;
  readonly rowGroups: readonly RowGroupIn[];
  readonly keyValue: ReadonlyMap<string, string>;
}

export function readFileMetaData(s: StructIn): FileMetaDataIn {
  const keyValue = new Map<string, string>();
  if (s.has(5)) {
    for (const kv of structs(s, 5, 'key_value_metadata')) {
      keyValue.set(str(kv, 1, 'metadata key'), kv.has(2) ? str(kv, 2, 'metadata value') : '');
    }
  }
  return {
    schema: structs(s, 2, 'schema').map(readSchemaElement),
    numRows: num(s, 3, 'num_rows'),
    rowGroups: structs(s, 4, 'row_groups').map((g) => ({
      numRows: num(g, 3, 'row group num_rows'),
      columns: structs(g, 1, 'row group columns').map(readColumnChunk),
    })),
    keyValue,
  };
}

export interface PageHeaderIn {
  readonly type: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  /** Present for DATA_PAGE (v1) headers. */
  readonly data?: {
    readonly numValues: number;
    readonly encoding: number;
    readonly definitionEncoding: number;
    readonly repetitionEncoding: number;
  };
}

export function readPageHeader(s: StructIn): PageHeaderIn {
  const d = sub(s, 5, 'data_page_header');
  return {
    type: num(s, 1, 'page type'),
    uncompressedBytes: num(s, 2, 'uncompressed_page_size'),
    compressedBytes: num(s, 3, 'compressed_page_size'),
    data: d && {
      numValues: num(d, 1, 'page num_values'),
      encoding: num(d, 2, 'page encoding'),
      definitionEncoding: num(d, 3, 'page definition_level_encoding'),
      repetitionEncoding: num(d, 4, 'page repetition_level_encoding'),
    },
  };
}
