import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adler32 } from '@dance/store';
import { PARALLEL_FROM } from '../checksums.js';
import { Sha256Thread } from '../sha256-thread.js';
import type { Pieces, SiteDriver, SiteEntry } from './driver.js';

/** Bytes per read and write: 1 MiB keeps syscalls and callbacks few without leaving the CPU cache far behind. */
const PIECE = 1 << 20;
/** Bytes written between flushes to disk. */
const FLUSH_EVERY = 8 << 20;

/** A directory on a local or mounted filesystem (`file:///path`). */
export class PosixDriver implements SiteDriver {
  readonly writesInPlace = false;
  readonly readsBack = true;
  readonly root: string;

  constructor(url: string) {
    this.root = fileURLToPath(url);
  }

  locate(path: string): string {
    return join(this.root, path);
  }

  async size(path: string): Promise<number | undefined> {
    return (await stat(this.locate(path)).catch(() => undefined))?.size;
  }

  async read(path: string, offset = 0): Promise<Pieces> {
    return pieces(await open(this.locate(path), 'r'), offset);
  }

  /**
   * Returns the adler32 and sha256 of the whole file as read back from it (the kept bytes first when
   * continuing): adler32 here, each piece once written, beside the next piece's write; sha256 of a
   * large file on the checksum thread, which reads the file itself up to where the writes have got.
   * Those reads see the same page-cache bytes a read after the fsync returns.
   */
  async write(
    path: string,
    body: Pieces,
    options: { from?: number; size?: number } = {},
  ): Promise<{ adler32: string; sha256: string }> {
    const file = this.locate(path);
    await mkdir(dirname(file), { recursive: true });
    const from = options.from ?? 0;
    const fd = await open(file, from > 0 ? 'r+' : 'w+');
    const followed = new FollowedFile(fd, file, from + (options.size ?? 0));
    try {
      if (from > 0) await fd.truncate(from);
      followed.wrote(from);
      let at = from;
      // each piece is written before the next is asked for: they are lent (the reader meanwhile
      // fills its other buffer), and the file is always a prefix of the source for `kept`
      for await (const piece of body) {
        for (let done = 0; done < piece.length; ) {
          done += (await fd.write(piece, done, piece.length - done, at + done)).bytesWritten;
        }
        at += piece.length;
        followed.wrote(at);
      }
      return await followed.sums();
    } finally {
      await followed.close();
    }
  }

  async sync(path: string): Promise<void> {
    await fsync(this.locate(path));
  }

  async kept(path: string): Promise<number> {
    return (await this.size(path)) ?? 0;
  }

  async rename(from: string, to: string): Promise<void> {
    await mkdir(dirname(this.locate(to)), { recursive: true });
    await rename(this.locate(from), this.locate(to));
    await fsync(dirname(this.locate(to))); // the new name survives a power cut too
  }

  async remove(path: string): Promise<void> {
    await rm(this.locate(path), { force: true });
  }

  async *list(): AsyncIterable<SiteEntry> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isFile()) continue;
      const full = join(e.parentPath, e.name);
      yield { path: relative(this.root, full).split(sep).join('/'), size: (await stat(full)).size };
    }
  }
}

/**
 * A file being written, followed by its readers: each range, once written, is read back for its
 * adler32 here and (a large file) sha256 on the checksum thread, which reads the file itself; and
 * written bytes go to disk while later ones are copied (one flush at a time), not all in the fsync
 * at the end: cp+sync spends half its time there, and so did we.
 */
class FollowedFile {
  private readonly adler = new Adler32();
  private readonly sha: Sha256Thread | Hash;
  private readonly buffer = Buffer.allocUnsafe(PIECE);
  private readTo = 0;
  private reading = Promise.resolve();
  private flushedTo = 0;
  private flushing = false;
  private flushed = Promise.resolve();
  private digested = false;

  constructor(
    private readonly fd: FileHandle,
    private readonly file: string,
    size: number,
  ) {
    this.sha = size >= PARALLEL_FROM ? new Sha256Thread() : createHash('sha256');
  }

  /** The file holds its final bytes up to `end`: read them back (in order) and maybe flush. */
  wrote(end: number): void {
    const start = this.readTo;
    this.readTo = end;
    this.reading = this.reading.then(() => this.readBack(start, end));
    this.reading.catch(() => undefined); // reported by sums(), not as unhandled
    if (end - this.flushedTo >= FLUSH_EVERY && !this.flushing) {
      this.flushedTo = end;
      this.flushing = true;
      this.flushed = this.fd.datasync().finally(() => {
        this.flushing = false;
      });
      this.flushed.catch(() => undefined); // awaited by sums() and close()
    }
  }

  private async readBack(start: number, end: number): Promise<void> {
    const { sha, buffer } = this;
    if (sha instanceof Sha256Thread) sha.follow(this.file, end);
    for (let at = start; at < end; ) {
      const { bytesRead } = await this.fd.read(buffer, 0, Math.min(PIECE, end - at), at);
      if (bytesRead === 0) throw new Error(`${this.file}: ${end - at} bytes written at ${at} could not be read back`);
      this.adler.update(buffer.subarray(0, bytesRead));
      if (!(sha instanceof Sha256Thread)) sha.update(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  }

  async sums(): Promise<{ adler32: string; sha256: string }> {
    await this.reading;
    await this.flushed;
    this.digested = true;
    const sha256 = this.sha instanceof Sha256Thread ? await this.sha.digest() : this.sha.digest('hex');
    return { adler32: this.adler.hex(), sha256 };
  }

  /** Waits for the readers and the flush (a failed write's own error is the one to report), then closes. */
  async close(): Promise<void> {
    await this.reading.catch(() => undefined);
    if (!this.digested && this.sha instanceof Sha256Thread) this.sha.drop();
    await this.flushed.catch(() => undefined);
    await this.fd.close();
  }
}

/**
 * The file from `offset` on, through two buffers used in turn: while the consumer has one piece, the
 * next is read into the other (the consumer is done with that one, having asked for this piece).
 */
async function* pieces(fd: FileHandle, offset: number): AsyncIterable<Uint8Array> {
  // shared memory: a checksum worker reads the pieces where they are, without a copy
  const buffers = [0, 1].map(() => Buffer.from(new SharedArrayBuffer(PIECE)));
  let at = offset;
  let next = fd.read(buffers[0], 0, PIECE, at);
  try {
    for (let k = 0; ; k++) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      at += bytesRead;
      next = fd.read(buffers[(k + 1) % 2], 0, PIECE, at);
      yield buffers[k % 2].subarray(0, bytesRead);
    }
  } finally {
    // a consumer that stops early leaves one read in flight, whose bytes (or error) nobody wants
    await next.catch(() => undefined);
    await fd.close();
  }
}

async function fsync(path: string): Promise<void> {
  const fd = await open(path, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}
