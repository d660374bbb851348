import { canonicalJson, type RecordBatch, type RecordSchema, UserError } from '@dance/schema';
import { adler32Hex, sha256Hex } from './checksum/index.js';
import { type ChunkCodec, codecFor, formatFor } from './formats.js';
import { type ChunkInfo, type Manifest, manifestText, schemaInfo } from './manifest.js';
import { checkKey, chunkFileName, keyLabel, type ProductKey, productDir, retiredDir, tempDir } from './names.js';
import type { Site } from './site.js';

export interface WriterOptions {
  provenance?: object;
  /** Continue an interrupted write of this key from its last journaled chunk (default: restart). */
  resume?: boolean;
  /** Replace an existing product on commit (default: refuse). */
  overwrite?: boolean;
}

export interface ChunkOptions {
  /** Chunk start in ns (default: the previous chunk's end, or the first row's time). */
  start?: bigint;
  /** Chunk end in ns, exclusive (default: the first ns after the last row ends). */
  end?: bigint;
}

const JOURNAL = 'journal.jsonl';

/**
 * Writes one product chunk by chunk into a temporary directory, journaling each finished chunk,
 * then commits it with one rename, so readers see the whole product or nothing. A crash leaves
 * only the temporary directory, which a later writer resumes or removes.
 */
export class ProductWriter {
  readonly key: ProductKey;
  readonly schema: RecordSchema;
  /** Chunks kept from an interrupted write (resume), in order. */
  readonly resumedChunks: readonly ChunkInfo[];
  private readonly site: Site;
  private readonly codec: ChunkCodec;
  private readonly options: WriterOptions;
  private readonly schemaId: string;
  private readonly tmp: string;
  private readonly chunks: ChunkInfo[];
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(site: Site, key: ProductKey, schema: RecordSchema, options: WriterOptions = {}) {
    checkKey(key);
    this.site = site;
    this.key = { run: key.run, type: key.type, lineage: key.lineage };
    this.schema = schema;
    this.options = options;
    this.codec = codecFor(formatFor(schema));
    this.schemaId = canonicalJson(schemaInfo(schema));
    this.tmp = tempDir(key);
    if (schema.name !== key.type) {
      throw new UserError(`product ${keyLabel(key)}: type '${key.type}' does not match the schema '${schema.name}'`);
    }
    this.io(this.tmp, () => recoverInterruptedOverwrite(site, key));
    if (!options.overwrite) this.refuseExisting();
    this.chunks = this.io(this.tmp, () => (options.resume ? this.resume() : this.restart()));
    this.resumedChunks = [...this.chunks];
  }

  /** Where the next chunk starts when the caller continues a resumed write. */
  get nextStart(): bigint | undefined {
    return this.chunks.at(-1)?.end;
  }

  /** Writes `batch` as the next chunk (one file, flushed to disk) and journals it. */
  async write(batch: RecordBatch, options: ChunkOptions = {}): Promise<ChunkInfo> {
    this.checkOpen();
    const label = keyLabel(this.key);
    if (batch.schema !== this.schema && canonicalJson(schemaInfo(batch.schema)) !== this.schemaId) {
      throw new UserError(
        `product ${label}: batch of '${batch.schema.name}' v${batch.schema.version} does not match the writer's schema`,
      );
    }
    if (!batch.isTimeSorted())
      throw new UserError(`product ${label}: chunk ${this.chunks.length} is not sorted by time`);
    const { start, end } = this.bounds(batch, options);
    const { bytes, chunk } = encodeChunk(this.key, batch, { index: this.chunks.length, start, end });
    const path = this.chunkPath(chunk.index);
    this.io(path, () => this.site.writeFile(path, [bytes]));
    this.journal(chunk);
    return chunk;
  }

  /** Site path of chunk file `index` before the commit: where another thread writes a chunk for adopt(). */
  chunkPath(index: number): string {
    return `${this.tmp}/${chunkFileName(this.key, index, this.codec.extension)}`;
  }

  /**
   * Journals the next chunk, encoded by encodeChunk and flushed to chunkPath(index) by someone else
   * (a worker thread), after checking it follows the previous chunk and its file has its size.
   */
  adopt(chunk: ChunkInfo): ChunkInfo {
    this.checkOpen();
    const label = `product ${keyLabel(this.key)} chunk ${this.chunks.length}`;
    const previous = this.chunks.at(-1)?.end;
    if (chunk.index !== this.chunks.length || chunk.file !== chunkFileName(this.key, chunk.index, this.codec.extension))
      throw new UserError(`${label}: adopted chunk is ${chunk.file}, index ${chunk.index}`);
    if (previous !== undefined && chunk.start < previous)
      throw new UserError(`${label}: start ${chunk.start} overlaps the previous chunk, which ends at ${previous}`);
    const size = this.site.size(this.chunkPath(chunk.index));
    if (size !== chunk.bytes) throw new UserError(`${label}: file holds ${size} bytes, not ${chunk.bytes}`);
    this.journal(chunk);
    return chunk;
  }

  private journal(chunk: ChunkInfo): void {
    this.io(`${this.tmp}/${JOURNAL}`, () => this.site.appendLine(`${this.tmp}/${JOURNAL}`, journalLine(chunk)));
    this.chunks.push(chunk);
  }

  /** Writes the manifest and makes the product visible with one rename. */
  async commit(): Promise<Manifest> {
    this.checkOpen();
    const { site, key } = this;
    const final = productDir(key);
    if (!this.options.overwrite) this.refuseExisting();
    const manifest: Manifest = {
      store: 1,
      ...key,
      schema: schemaInfo(this.schema),
      format: this.codec.format,
      ...(this.options.provenance ? { provenance: this.options.provenance } : {}),
      chunks: this.chunks,
      rows: this.chunks.reduce((n, c) => n + c.rows, 0),
      bytes: this.chunks.reduce((n, c) => n + c.bytes, 0),
      created: new Date().toISOString(),
    };
    const manifestPath = `${this.tmp}/manifest.json`;
    this.io(manifestPath, () => {
      site.writeFile(manifestPath, [new TextEncoder().encode(manifestText(manifest))]);
      site.remove(`${this.tmp}/${JOURNAL}`);
      site.syncDir(this.tmp);
    });
    this.io(final, () => {
      if (site.exists(final)) {
        site.rename(final, retiredDir(key));
        site.rename(this.tmp, final);
        site.remove(retiredDir(key));
      } else {
        site.rename(this.tmp, final);
      }
      site.syncDir(key.run);
    });
    this.state = 'committed';
    return manifest;
  }

  /** Discards everything written; the store is as before this writer. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.site.remove(this.tmp);
    this.state = 'aborted';
  }

  private bounds(batch: RecordBatch, options: ChunkOptions): { start: bigint; end: bigint } {
    const label = `product ${keyLabel(this.key)} chunk ${this.chunks.length}`;
    const previous = this.chunks.at(-1)?.end;
    const time = batch.time;
    const start = options.start ?? previous ?? time[0];
    if (start === undefined) throw new UserError(`${label}: an empty first chunk needs an explicit start`);
    const last = lastEnd(batch);
    const end = options.end ?? (last === undefined ? start : last);
    if (previous !== undefined && start < previous) {
      throw new UserError(`${label}: start ${start} overlaps the previous chunk, which ends at ${previous}`);
    }
    if (end < start) throw new UserError(`${label}: end ${end} is before start ${start}`);
    if (batch.length > 0 && time[0] < start) {
      throw new UserError(`${label}: row time ${time[0]} is before the chunk start ${start}`);
    }
    if (last !== undefined && last > end) {
      throw new UserError(`${label}: rows reach ${last}, past the chunk end ${end}`);
    }
    return { start, end };
  }

  private refuseExisting(): void {
    const path = productDir(this.key);
    if (this.site.exists(path)) {
      throw new UserError(
        `product ${keyLabel(this.key)} already exists at ${this.site.locate(path)}; pass overwrite to replace it`,
      );
    }
  }

  /**
   * A fresh temporary directory whose journal starts with a header line naming what is written.
   * No directory fsync here: until the commit, losing the directory only means starting over.
   */
  private restart(): ChunkInfo[] {
    this.site.remove(this.tmp);
    this.site.mkdir(this.tmp);
    this.site.writeFile(`${this.tmp}/${JOURNAL}`, [new TextEncoder().encode(`${this.journalHeader()}\n`)]);
    return [];
  }

  /**
   * Keeps the journaled chunks whose files are intact, in order up to the first damaged one, and
   * removes every other file; restarts when there is nothing to resume or it was another schema.
   */
  private resume(): ChunkInfo[] {
    const { site, tmp } = this;
    const [header, ...lines] = (readText(site, `${tmp}/${JOURNAL}`) ?? '').split('\n');
    if (header !== this.journalHeader()) return this.restart();
    const kept: ChunkInfo[] = [];
    for (const line of lines) {
      const chunk = parseJournalLine(line);
      if (!chunk || chunk.index !== kept.length || !intact(site, `${tmp}/${chunk.file}`, chunk)) break;
      kept.push(chunk);
    }
    const keep = new Set([JOURNAL, ...kept.map((c) => c.file)]);
    for (const name of site.list(tmp)) if (!keep.has(name)) site.remove(`${tmp}/${name}`);
    const text = [header, ...kept.map(journalLine)].map((l) => `${l}\n`).join('');
    site.writeFile(`${tmp}/${JOURNAL}.new`, [new TextEncoder().encode(text)]);
    site.rename(`${tmp}/${JOURNAL}.new`, `${tmp}/${JOURNAL}`);
    site.syncDir(tmp);
    return kept;
  }

  private journalHeader(): string {
    return canonicalJson({ ...this.key, schema: schemaInfo(this.schema), format: this.codec.format });
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new UserError(`product ${keyLabel(this.key)}: writer is already ${this.state}`);
  }

  /** Runs a site operation, turning filesystem failures (full disk, permissions) into UserErrors naming the file. */
  private io<T>(path: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!code) throw err;
      throw new UserError(
        `cannot write ${this.site.locate(path)}: ${(err as Error).message}; product ${keyLabel(this.key)} is not committed (resume or restart its write)`,
      );
    }
  }
}

/**
 * One chunk of a product encoded in its format, with the manifest entry describing it; rows must lie
 * in [start, end). Pure (no I/O), so worker threads can encode chunks a ProductWriter then adopts.
 */
export function encodeChunk(
  key: ProductKey,
  batch: RecordBatch,
  at: { index: number; start: bigint; end: bigint },
): { bytes: Uint8Array; chunk: ChunkInfo } {
  const label = `product ${keyLabel(key)} chunk ${at.index}`;
  const last = lastEnd(batch);
  if (at.end < at.start) throw new UserError(`${label}: end ${at.end} is before start ${at.start}`);
  if (batch.length > 0 && batch.time[0] < at.start)
    throw new UserError(`${label}: row time ${batch.time[0]} is before the chunk start ${at.start}`);
  if (last !== undefined && last > at.end)
    throw new UserError(`${label}: rows reach ${last}, past the chunk end ${at.end}`);
  const codec = codecFor(formatFor(batch.schema));
  const bytes = codec.encode(batch);
  const chunk: ChunkInfo = {
    index: at.index,
    file: chunkFileName(key, at.index, codec.extension),
    start: at.start,
    end: at.end,
    rows: batch.length,
    bytes: bytes.length,
    sha256: sha256Hex(bytes),
    adler32: adler32Hex(bytes),
  };
  return { bytes, chunk };
}

/**
 * Finishes an overwrite a crash interrupted between its two renames: the old product waits under
 * its retired name with no product in place, so it is put back; a retired copy beside a product is
 * left over and removed.
 */
function recoverInterruptedOverwrite(site: Site, key: ProductKey): void {
  const retired = retiredDir(key);
  if (!site.exists(retired)) return;
  if (site.exists(productDir(key))) site.remove(retired);
  else site.rename(retired, productDir(key));
}

function journalLine(c: ChunkInfo): string {
  return JSON.stringify({ ...c, start: c.start.toString(), end: c.end.toString() });
}

/** A journal line, or undefined for a torn (partly written) one. */
function parseJournalLine(line: string): ChunkInfo | undefined {
  try {
    const j = JSON.parse(line);
    return { ...j, start: BigInt(j.start), end: BigInt(j.end) };
  } catch {
    return undefined;
  }
}

function readText(site: Site, path: string): string | undefined {
  return site.exists(path) ? new TextDecoder().decode(site.readFile(path)) : undefined;
}

function intact(site: Site, path: string, chunk: ChunkInfo): boolean {
  return site.size(path) === chunk.bytes && adler32Hex(site.readFile(path)) === chunk.adler32;
}

/** The first ns after the last row (RecordBatch.rowEnds). */
function lastEnd(batch: RecordBatch): bigint | undefined {
  if (batch.length === 0) return undefined;
  const ends = batch.rowEnds();
  let last = ends[0];
  for (let i = 1; i < ends.length; i++) if (ends[i] > last) last = ends[i];
  return last;
}
