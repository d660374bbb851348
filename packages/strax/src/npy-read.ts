import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { fromStructBytes, type RecordBatch, type RecordSchema, rowLayout, UserError } from '@dance/schema';
import { checkDescr } from './descr.js';
import { type NpyHeader, parseNpyHeader } from './npy-header.js';

/** A .npy file whose header has been read; the body is read later, in batches. */
export interface NpyReader {
  readonly path: string;
  readonly header: NpyHeader;
  readonly version: [number, number];
  readonly dataOffset: number;
  /** Records the header promises (product of the shape). */
  readonly rows: number;
  /** Bytes present after the header. */
  readonly bodyBytes: number;
  /**
   * Throws a UserError unless the file holds a C-ordered array of `schema`'s records with exactly
   * the bytes the header promises: a wrong dtype, Fortran order or a truncated body is caught
   * before any record is read.
   */
  check(schema: RecordSchema): void;
}

/** Reads the header of a .npy file (format 1.0, 2.0 or 3.0). */
export function openNpy(path: string): NpyReader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new UserError(`${path}: cannot open (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  try {
    const size = fstatSync(fd).size;
    let head = readAt(fd, 0, Math.min(size, 4096));
    let parsed = parseNpyHeader(head, path);
    if ('need' in parsed) {
      if (parsed.need > size) throw new UserError(`${path} is truncated inside its .npy header`);
      head = readAt(fd, 0, parsed.need);
      parsed = parseNpyHeader(head, path);
      if ('need' in parsed) throw new Error('unreachable: the whole header was read');
    }
    const { header, version, dataOffset } = parsed;
    const rows = header.shape.reduce((a, b) => a * b, 1);
    const bodyBytes = size - dataOffset;
    return {
      path,
      header,
      version,
      dataOffset,
      rows,
      bodyBytes,
      check(schema) {
        checkDescr(header.descr, schema, path);
        if (header.fortranOrder) {
          throw new UserError(`${path}: array is in Fortran order; save it C-ordered (numpy.ascontiguousarray)`);
        }
        if (header.shape.length !== 1) {
          throw new UserError(`${path}: array has shape (${header.shape.join(', ')}), expected one dimension`);
        }
        const want = rows * rowLayout(schema).rowBytes;
        if (bodyBytes < want) {
          throw new UserError(
            `${path} is truncated: header promises ${rows} rows (${want} bytes) but only ${bodyBytes} bytes follow (offset ${dataOffset})`,
          );
        }
        if (bodyBytes > want) {
          throw new UserError(
            `${path}: ${bodyBytes - want} unexpected bytes after the ${rows} rows the header promises (offset ${dataOffset + want})`,
          );
        }
      },
    };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Default rows per batch: about 16 MB of raw_records, enough to amortize I/O, small enough to stream. */
export const DEFAULT_BATCH_ROWS = 65_536;

/**
 * Streams the records of a .npy file in batches of at most `batchRows` rows, reading the body at
 * offsets so memory stays bounded whatever the file size. The header and size are checked first.
 */
export async function* readNpyRecords<S extends RecordSchema>(
  path: string,
  schema: S,
  { batchRows = DEFAULT_BATCH_ROWS }: { batchRows?: number } = {},
): AsyncGenerator<RecordBatch<S['fields']>> {
  const npy = openNpy(path);
  npy.check(schema);
  const { rowBytes } = rowLayout(schema);
  const handle = await open(path, 'r');
  try {
    for (let row = 0; row < npy.rows; row += batchRows) {
      const n = Math.min(batchRows, npy.rows - row);
      const buf = new Uint8Array(n * rowBytes);
      const position = npy.dataOffset + row * rowBytes;
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead !== buf.length) {
        throw new UserError(`${path} is truncated: it shrank while being read (offset ${position + bytesRead})`);
      }
      yield fromStructBytes(schema, buf) as RecordBatch<S['fields']>;
    }
  } finally {
    await handle.close();
  }
}
