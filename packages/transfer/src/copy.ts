import { Adler32 } from '@dance/store';
import { feed, mismatch, PARALLEL_FROM, StreamSums, type Sums } from './checksums.js';
import { PARTIAL_SUFFIX, type Pieces, type SiteDriver } from './drivers/driver.js';
import { throttled } from './throttle.js';

export { PARTIAL_SUFFIX } from './drivers/driver.js';

export interface CopyOptions {
  /** Average rate limit in bytes per second. */
  bandwidth?: number;
  /** Called as bytes arrive: bytes at the destination so far (including a resumed part) and the total. */
  onProgress?(done: number, total: number): void;
  /**
   * How a copy to a remote site is verified. 'readback' (default): sha256 of the bytes sent, and
   * adler32 of the bytes the destination stored, as its server computes it (XRootD) or read back (S3:
   * the object once complete). 'stream': both sums of the bytes sent, no extra request or read: it
   * trusts the site to store what it was sent. A POSIX destination is always checked by both sums of
   * the file read back as it is written. Both check the size at the destination.
   */
  verify?: 'readback' | 'stream';
}

export interface CopyResult {
  bytes: number;
  /** Bytes kept from an interrupted earlier attempt. */
  resumedFrom: number;
  seconds: number;
}

/** A transfer's checksum or size disagreed with the catalog; the partial copy has been removed. */
export class ChecksumMismatch extends Error {}

/**
 * Streams `from` at `source` to `to` at `dest`, checking size, adler32 and sha256 against `want`.
 * The bytes go to `<to>.dance-part` (or straight to `to` where the site writes in place) and are
 * renamed to `to` only once verified, so a crash never leaves an unverified file under its name.
 * What an interrupted attempt kept (a part file, S3's stored parts) is continued from its end.
 */
export async function copyFile(
  source: SiteDriver,
  from: string,
  dest: SiteDriver,
  to: string,
  want: Sums,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const started = performance.now();
  const staging = dest.writesInPlace ? to : `${to}${PARTIAL_SUFFIX}`;
  const verify = options.verify ?? 'readback';
  let resumedFrom = await dest.kept(staging);
  if (resumedFrom > want.size) {
    await dest.remove(staging);
    resumedFrom = 0;
  }
  // The sums of the bytes sent include the kept ones, read back from the part file. None are needed
  // where the site reads back both as it writes, nor after S3 kept parts, which cannot be read
  // before the upload completes: such a copy is verified by reading it back whole.
  const sums =
    dest.readsBack || (resumedFrom > 0 && dest.writesInPlace)
      ? undefined
      : new StreamSums({ parallel: want.size >= PARALLEL_FROM, adler32: verify === 'stream' });
  let done = resumedFrom;
  let stored: { adler32?: string; sha256?: string } = {};
  async function* counted(pieces: Pieces): AsyncIterable<Uint8Array> {
    for await (const piece of pieces) {
      sums?.update(piece);
      done += piece.length;
      options.onProgress?.(done, want.size);
      yield piece;
      await sums?.settled(); // the source may refill this piece's buffer once the next is asked for
    }
  }
  try {
    if (sums && resumedFrom > 0) await feed(sums, await dest.read(staging));
    const rest = resumedFrom < want.size ? await source.read(from, resumedFrom) : [];
    const body = options.bandwidth ? throttled(counted(rest), options.bandwidth) : counted(rest);
    stored = await dest.write(staging, body, { from: resumedFrom, size: want.size - resumedFrom });
  } catch (err) {
    sums?.discard();
    throw err;
  }
  try {
    const sent = sums && mismatch(await sums.digest(), want);
    if (sent) throw new ChecksumMismatch(`${source.locate(from)} -> ${dest.locate(staging)}: sent ${sent}`);
    // a file read back before or while it is flushed gives the same bytes as after (all come from
    // the page cache); the copy counts once the flush is done too
    const [landed] = await Promise.all([
      dest.readsBack
        ? stored
        : !sums
          ? checksumAt(dest, staging)
          : verify === 'stream'
            ? {}
            : storedAdler32(dest, staging),
      dest.sync?.(staging),
    ]);
    const wrong = mismatch({ ...landed, size: await dest.size(staging) }, want);
    if (wrong) throw new ChecksumMismatch(`${dest.locate(staging)}: ${wrong}`);
  } catch (err) {
    await dest.remove(staging);
    throw err;
  }
  if (staging !== to) await dest.rename(staging, to);
  return { bytes: want.size, resumedFrom, seconds: (performance.now() - started) / 1000 };
}

/** adler32 of a file as a site stores it: its server's own where it offers one, else read back. */
async function storedAdler32(site: SiteDriver, path: string) {
  const server = await site.serverAdler32?.(path);
  if (server) return { adler32: server };
  const adler = new Adler32();
  for await (const piece of await site.read(path)) adler.update(piece);
  return { adler32: adler.hex() };
}

/** Reads a file at a site and returns its size and checksums. */
export async function checksumAt(site: SiteDriver, path: string): Promise<Sums> {
  const size = await site.size(path);
  const sums = new StreamSums({ parallel: (size ?? 0) >= PARALLEL_FROM });
  try {
    await feed(sums, await site.read(path));
  } catch (err) {
    sums.discard();
    throw err;
  }
  return (await sums.digest()) as Sums;
}
