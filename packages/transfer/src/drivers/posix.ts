import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adler32 } from '@dance/store';
import { PARALLEL_FROM } from '../checksums.js';
import { Sha256Thread } from '../sha256-thread.js';
import type { Pieces, SiteDriver, SiteEntry } from './driver.js';

/** Bytes per read and write: 1 MiB keeps syscalls and callbacks few without leaving the CPU cache far behind. */
const PIECE = 1 << 20;

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
    const adler = new Adler32();
    const sha = from + (options.size ?? 0) >= PARALLEL_FROM ? new Sha256Thread() : createHash('sha256');
    const back = Buffer.allocUnsafe(PIECE);
    const readBack = async (start: number, end: number) => {
      if (sha instanceof Sha256Thread) sha.follow(file, end);
      for (let at = start; at < end; ) {
        const { bytesRead } = await fd.read(back, 0, Math.min(PIECE, end - at), at);
        if (bytesRead === 0) throw new Error(`${file}: ${end - at} bytes written at ${at} could not be read back`);
        adler.update(back.subarray(0, bytesRead));
        if (!(sha instanceof Sha256Thread)) sha.update(back.subarray(0, bytesRead));
        at += bytesRead;
      }
    };
    // the read-backs run in order, each once its piece is written, beside the next piece's write
    let readingBack = Promise.resolve();
    const thenReadBack = (start: number, end: number) => {
      readingBack = readingBack.then(() => readBack(start, end));
      readingBack.catch(() => undefined); // reported by the await below, not as unhandled
    };
    try {
      if (from > 0) await fd.truncate(from);
      thenReadBack(0, from);
      let at = from;
      // each piece is written before the next is asked for: they are lent (the reader meanwhile
      // fills its other buffer), and the file is always a prefix of the source for `kept`
      for await (const piece of body) {
        for (let done = 0; done < piece.length; ) {
          done += (await fd.write(piece, done, piece.length - done, at + done)).bytesWritten;
        }
        thenReadBack(at, at + piece.length);
        at += piece.length;
      }
      await readingBack;
      const sha256 = sha instanceof Sha256Thread ? await sha.digest() : sha.digest('hex');
      return { adler32: adler.hex(), sha256 };
    } catch (err) {
      await readingBack.catch(() => undefined); // done following the file before the hash is dropped
      if (sha instanceof Sha256Thread) sha.drop();
      throw err;
    } finally {
      await readingBack.catch(() => undefined); // a failed write's own error is the one to report
      await fd.close();
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
