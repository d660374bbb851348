import {
  DTYPES,
  defineRecord,
  type FieldSpec,
  RecordBatch,
  type RecordSchema,
  rowLayout,
  type TypedArray,
  UserError,
} from '@dance/schema';
import { plainIsNative, plainWidth, storageOf } from './columns.js';
import {
  CODECS,
  type ColumnChunkIn,
  DATA_PAGE,
  ENCODINGS,
  enumName,
  type FileMetaDataIn,
  type IntAnnotation,
  intLabel,
  MetadataError,
  OPTIONAL,
  PAGE_TYPES,
  type PageHeaderIn,
  PHYSICAL_TYPES,
  PLAIN,
  REPEATED,
  REQUIRED,
  RLE,
  readFileMetaData,
  readPageHeader,
  type SchemaElementIn,
  UNCOMPRESSED,
  ZSTD,
} from './format.js';
import { allDefined, checkLevels, fixedListRepetition, levelBitWidth, type RunCheck } from './levels.js';
import { decodePlain, plainBytes, Scratch } from './plain.js';
import { decodeStruct, type StructIn, ThriftError } from './thrift.js';
import { MAGIC } from './write.js';
import { decompressInto } from './zstd.js';

export interface DecodeOptions {
  /** Fields to read (`time` is always read); the others' column chunks are not even decompressed. */
  columns?: string[];
  /** Name used in error messages (default `<parquet>`). */
  file?: string;
  /** Makes the batch decoded into (default `RecordBatch.allocate`): a scan can reuse its arrays. */
  allocate?: (schema: RecordSchema, rows: number) => RecordBatch;
}

/** A batch larger than this (uncompressed) is refused: a corrupt row count, not a DANCE chunk. */
const MAX_BATCH_BYTES = 2 ** 33;

/** Reports problems as UserErrors naming the file and, where known, column and byte offset. */
class Where {
  constructor(readonly file: string) {}

  fail(message: string, at?: { column?: string; offset?: number }): never {
    const column = at?.column === undefined ? '' : ` column '${at.column}'`;
    const offset = at?.offset === undefined ? '' : ` (at byte ${at.offset})`;
    throw new UserError(`${this.file}:${column} ${message}${offset}`);
  }

  /** Parses a Thrift struct at `offset`, limited to bytes before `end`. */
  struct(
    bytes: Uint8Array,
    offset: number,
    end: number,
    what: string,
    column?: string,
  ): { value: StructIn; end: number } {
    try {
      return decodeStruct(bytes.subarray(0, end), offset);
    } catch (e) {
      if (!(e instanceof ThriftError)) throw e;
      this.fail(`${what} is corrupt: ${e.message}`, { column, offset: e.offset });
    }
  }

  /** Runs a metadata interpretation step, turning MetadataError into a UserError. */
  meta<T>(what: string, offset: number, f: () => T, column?: string): T {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof MetadataError)) throw e;
      this.fail(`${what} is corrupt: ${e.message}`, { column, offset });
    }
  }
}

/** Where one wanted field lives in the file. */
interface ColumnPlan {
  readonly field: FieldSpec;
  /** Index of its leaf among the file's columns (= its column chunk in each row group). */
  readonly leaf: number;
  readonly maxDefinition: number;
  readonly maxRepetition: number;
}

/**
 * Decodes a Parquet file written by `encodeParquet` (or any file using only what it writes: PLAIN
 * values, v1 data pages, zstd or no compression, no nulls) into a batch of `schema`.
 */
export function decodeParquet<F extends readonly FieldSpec[]>(
  schema: RecordSchema<F>,
  bytes: Uint8Array,
  opts: DecodeOptions = {},
): RecordBatch<F> {
  const where = new Where(opts.file ?? '<parquet>');
  const target = projection(schema, opts.columns, where);
  const { meta, footerStart } = readFooter(bytes, where);
  const plans = planColumns(target, meta.schema, where);

  if (meta.rowGroups.some((g) => g.numRows < 0)) where.fail('a row group has a negative row count');
  const rows = meta.rowGroups.reduce((s, g) => s + g.numRows, 0);
  if (rows !== meta.numRows) where.fail(`row groups hold ${rows} rows but the footer says ${meta.numRows}`);
  if (rows * rowLayout(target).rowBytes > MAX_BATCH_BYTES) where.fail(`claims ${rows} rows, too many for one chunk`);

  // Every value of every column is written below, so reused arrays need no clearing.
  const batch = opts.allocate ? opts.allocate(target, rows) : RecordBatch.allocate(target, rows);
  const pages = new PageReader(bytes, footerStart, where);
  let r0 = 0;
  for (const group of meta.rowGroups) {
    for (const plan of plans) {
      const chunk = group.columns[plan.leaf];
      if (chunk?.path[0] !== plan.field.name)
        where.fail('is not where the schema puts it in a row group', { column: plan.field.name });
      pages.columnChunk(plan, chunk, group.numRows, batch.column(plan.field.name), r0);
    }
    r0 += group.numRows;
  }
  return batch as RecordBatch<F>;
}

/** The schema to read: all fields, or `time` plus the requested ones, in declaration order. */
function projection<F extends readonly FieldSpec[]>(
  schema: RecordSchema<F>,
  columns: string[] | undefined,
  where: Where,
): RecordSchema<F> {
  if (columns === undefined) return schema;
  const known = new Set(schema.fields.map((f) => f.name));
  for (const c of columns) {
    if (!known.has(c)) where.fail(`cannot read column '${c}': data type '${schema.name}' has no such field`);
  }
  const keep = new Set(['time', ...columns]);
  return defineRecord({
    ...schema,
    fields: schema.fields.filter((f) => keep.has(f.name)),
  }) as unknown as RecordSchema<F>;
}

function readFooter(bytes: Uint8Array, where: Where): { meta: FileMetaDataIn; footerStart: number } {
  const n = bytes.length;
  if (n < 12) where.fail(`is ${n} bytes long, too short for a Parquet file`);
  const magicAt = (at: number) => MAGIC.every((b, i) => bytes[at + i] === b);
  if (!magicAt(0)) where.fail('does not start with the Parquet magic PAR1', { offset: 0 });
  if (!magicAt(n - 4)) where.fail('does not end with the Parquet magic PAR1 (truncated?)', { offset: n - 4 });
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
  const footerStart = n - 8 - footerLength;
  if (footerStart < 4) where.fail(`footer length ${footerLength} runs past the start of the file`, { offset: n - 8 });
  const { value } = where.struct(bytes, footerStart, n - 8, 'footer');
  return { meta: where.meta('footer', footerStart, () => readFileMetaData(value)), footerStart };
}

/** A node of the file's schema tree, with the index of its first leaf column. */
interface SchemaTree {
  readonly element: SchemaElementIn;
  readonly children: SchemaTree[];
  readonly firstLeaf: number;
}

/** Rebuilds the schema tree from its depth-first listing; returns the root's children. */
function schemaTree(elements: readonly SchemaElementIn[], where: Where): SchemaTree[] {
  let next = 0;
  let leaves = 0;
  const node = (depth: number): SchemaTree => {
    const element = elements[next++];
    if (!element || depth > 16) where.fail('footer schema is corrupt: its tree does not close');
    const firstLeaf = leaves;
    const children: SchemaTree[] = [];
    if (element.children === 0) leaves++;
    else if (element.children < 0 || element.children > elements.length - next)
      where.fail(`footer schema is corrupt: '${element.name}' claims ${element.children} children`);
    for (let i = 0; i < element.children; i++) children.push(node(depth + 1));
    return { element, children, firstLeaf };
  };
  const root = node(0);
  if (next !== elements.length) where.fail('footer schema is corrupt: elements after the root');
  return root.children;
}

/** Matches the wanted fields to the file's columns and checks their types. */
function planColumns(target: RecordSchema, elements: readonly SchemaElementIn[], where: Where): ColumnPlan[] {
  const top = new Map(schemaTree(elements, where).map((t) => [t.element.name, t]));
  return target.fields.map((field) => {
    const column = field.name;
    const node = top.get(column);
    // Names from the file are quoted JSON-style: a damaged name cannot break the one-line message.
    if (!node)
      where.fail(`is missing (the file has: ${[...top.keys()].map((k) => JSON.stringify(k)).join(', ')})`, { column });
    const optionalDepth = (e: SchemaElementIn) => {
      if (e.repetition === OPTIONAL) return 1;
      if (e.repetition === REQUIRED || e.repetition === undefined) return 0;
      where.fail(`is repeated without a LIST annotation, which DANCE's reader does not support`, { column });
    };
    let leaf: SchemaElementIn;
    let maxDefinition: number;
    let maxRepetition = 0;
    if (field.shape === undefined) {
      if (node.children.length)
        where.fail(`is a group in the file but a scalar ${field.dtype} in ${target.name}`, { column });
      leaf = node.element;
      maxDefinition = optionalDepth(leaf);
    } else {
      const repeated = node.children[0];
      const element = repeated?.children[0];
      if (
        !node.element.list ||
        node.children.length !== 1 ||
        repeated.element.repetition !== REPEATED ||
        !element ||
        repeated.children.length !== 1 ||
        element.children.length
      )
        where.fail(
          `is not a LIST of ${field.dtype} in the file, but ${target.name} declares an array of ${field.shape}`,
          {
            column,
          },
        );
      leaf = element.element;
      maxDefinition = optionalDepth(node.element) + 1 + optionalDepth(leaf);
      maxRepetition = 1;
    }
    checkType(field, leaf, where);
    return { field, leaf: node.firstLeaf, maxDefinition, maxRepetition };
  });
}

/** The file's physical type and integer annotation must be what `field.dtype` is stored as. */
function checkType(field: FieldSpec, leaf: SchemaElementIn, where: Where): void {
  const want = storageOf(field.dtype);
  const describe = (type: number | undefined, int: IntAnnotation | undefined) =>
    `${type === undefined ? 'untyped' : enumName(PHYSICAL_TYPES, type)}${int ? ` ${intLabel(int)}` : ''}`;
  const mismatch = () =>
    where.fail(
      `is ${describe(leaf.type, leaf.int)} in the file, expected ${describe(want.type, want.int)} for ${DTYPES[field.dtype].label}`,
      { column: field.name },
    );
  if (leaf.type !== want.type) mismatch();
  // A narrower or unsigned dtype needs the annotation that says the values fit it.
  const narrow = want.int && (want.int.bitWidth < 32 || !want.int.signed);
  if (leaf.int ? leaf.int.bitWidth !== want.int?.bitWidth || leaf.int.signed !== want.int.signed : narrow) mismatch();
}

type Fail = (message: string, offset?: number) => never;

/** Reads column chunks page by page into destination columns. */
class PageReader {
  private readonly scratch = new Scratch();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly dataEnd: number,
    private readonly where: Where,
  ) {}

  /** Decodes the chunk of `plan` for a row group of `rows` rows into `dst` from row `r0`. */
  columnChunk(plan: ColumnPlan, chunk: ColumnChunkIn, rows: number, dst: TypedArray, r0: number): void {
    const column = plan.field.name;
    const fail: Fail = (message, offset) => this.where.fail(message, { column, offset });
    const k = plan.field.shape ?? 1;
    const dtype = plan.field.dtype;
    const dictionary = chunk.encodings.find((e) => e !== PLAIN && e !== RLE);
    if (dictionary !== undefined || chunk.dictionaryPageOffset !== undefined)
      fail(`uses encoding ${enumName(ENCODINGS, dictionary ?? 8)}, which DANCE's reader does not support`);
    if (chunk.codec !== ZSTD && chunk.codec !== UNCOMPRESSED)
      fail(`is compressed with ${enumName(CODECS, chunk.codec)}; DANCE's reader reads ZSTD or UNCOMPRESSED`);
    if (chunk.type !== storageOf(dtype).type)
      fail(`chunk has type ${enumName(PHYSICAL_TYPES, chunk.type)}, not its schema's`);
    const total = rows * k;
    if (chunk.numValues !== total) fail(`chunk holds ${chunk.numValues} values, expected ${total} for ${rows} rows`);
    let pos = chunk.dataPageOffset;
    const end = pos + chunk.compressedBytes;
    if (pos < 4 || end > this.dataEnd || chunk.compressedBytes < 0)
      fail(`chunk (bytes ${pos} to ${end}) lies outside the data part of the file`, chunk.dataPageOffset);

    const repetition = fixedListRepetition(k);
    const definition = allDefined(plan.maxDefinition);
    for (let done = 0; done < total; ) {
      if (pos >= end) fail(`chunk ends after ${done} of ${total} values`, pos);
      const parsed = this.where.struct(this.bytes, pos, end, 'page header', column);
      const header: PageHeaderIn = this.where.meta('page header', pos, () => readPageHeader(parsed.value), column);
      const data = header.data;
      if (header.type !== DATA_PAGE)
        fail(`has a ${enumName(PAGE_TYPES, header.type)} page; DANCE's reader reads DATA_PAGE (v1) only`, pos);
      if (!data) fail('page header lacks its data_page_header', pos);
      if (data.encoding !== PLAIN)
        fail(`uses encoding ${enumName(ENCODINGS, data.encoding)}, which DANCE's reader does not support`, pos);
      const n = data.numValues;
      if (!(n > 0 && n <= total - done)) fail(`page claims ${n} values where ${total - done} remain`, pos);
      const body = parsed.end;
      const bodyEnd = body + header.compressedBytes;
      if (header.compressedBytes < 0 || bodyEnd > end) fail('page runs past the end of its column chunk', pos);
      const valueBytes = plainBytes(dtype, n);
      const raw = this.bytes.subarray(body, bodyEnd);

      if (plan.maxDefinition === 0 && plainIsNative(dtype)) {
        // The page is exactly the column's bytes: decompress straight into the batch.
        if (header.uncompressedBytes !== valueBytes)
          fail(`page holds ${header.uncompressedBytes} bytes for ${n} values of ${valueBytes}`, pos);
        const w = plainWidth(dtype);
        const out = new Uint8Array(dst.buffer, dst.byteOffset + (r0 * k + done) * w, valueBytes);
        this.unpack(chunk.codec, raw, out, pos, fail);
      } else {
        // Levels take at most two bytes per value in any sane encoding: bound the allocation.
        if (header.uncompressedBytes < 0 || header.uncompressedBytes > valueBytes + 8 + 4 * n + 64)
          fail(`page claims ${header.uncompressedBytes} uncompressed bytes for ${n} values`, pos);
        const page = this.scratch.bytes(header.uncompressedBytes);
        this.unpack(chunk.codec, raw, page, pos, fail);
        let at = 0;
        const levels = (max: number, encoding: number, kind: string, check: RunCheck) => {
          if (max === 0) return;
          if (encoding !== RLE)
            fail(`encodes ${kind} levels as ${enumName(ENCODINGS, encoding)}; DANCE's reader reads RLE`, pos);
          if (at + 4 > page.length) fail(`page ends inside its ${kind} levels`, pos);
          const len = page[at] | (page[at + 1] << 8) | (page[at + 2] << 16) | (page[at + 3] << 24);
          if (len < 0 || at + 4 + len > page.length) fail(`page ${kind} levels run past the page`, pos);
          const problem = checkLevels(page.subarray(at + 4, at + 4 + len), n, levelBitWidth(max), done, check);
          if (problem)
            fail(
              kind === 'definition'
                ? `has nulls or empty lists (${problem}), which DANCE's reader does not support`
                : `is not a list of exactly ${k} elements per row (${problem})`,
              pos,
            );
          at += 4 + len;
        };
        levels(plan.maxRepetition, data.repetitionEncoding, 'repetition', repetition);
        levels(plan.maxDefinition, data.definitionEncoding, 'definition', definition);
        if (page.length - at !== valueBytes)
          fail(`page holds ${page.length - at} value bytes for ${n} values of ${valueBytes}`, pos);
        // Typed-array views need 4-byte alignment: move the values back over the levels just read.
        const shift = at % 4;
        if (shift) page.copyWithin(at - shift, at);
        decodePlain(dtype, page.subarray(at - shift, page.length - shift), dst, r0 * k + done, n);
      }
      done += n;
      pos = bodyEnd;
    }
  }

  /** Decompresses (or copies) a page body into `out`, which must come out exactly full. */
  private unpack(codec: number, raw: Uint8Array, out: Uint8Array, pos: number, fail: Fail): void {
    if (codec === UNCOMPRESSED) {
      if (raw.length !== out.length) fail(`page holds ${raw.length} bytes, its header says ${out.length}`, pos);
      out.set(raw);
      return;
    }
    let n: number;
    try {
      n = decompressInto(out, raw);
    } catch (e) {
      fail(`page does not decompress: zstd says '${(e as Error).message}'`, pos);
    }
    if (n !== out.length) fail(`page decompresses to ${n} bytes, its header says ${out.length}`, pos);
  }
}
