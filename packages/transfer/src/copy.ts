import { Transform } from 'node:stream';
import { feed, mismatch, PARALLEL_FROM, StreamSums, type Sums } from './checksums.js';
import type { SiteDriver } from './drivers/driver.js';
import { throttle } from './throttle.js';

/** Suffix of a destination file still being written; never catalogued, resumed or removed. */
export const PARTIAL_SUFFIX = '.dance-part';

export interface CopyOptions {
  /** Average rate limit in bytes per second. */
  bandwidth?: number;
  /** Called as bytes arrive: bytes at the destination so far (including a resumed part) and the total. */
  onProgress?(done: number, total: number): void;
  /**
   * How the destination is checked: 'readback' reads the written file again (or asks the server for
   * its adler32 when it can); 'stream' trusts the checksums of the bytes as they were sent.
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
 * A part left by an interrupted attempt on a filesystem is continued from its end.
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
  // The stream is hashed only for what the destination will not vouch for: everything with
  // 'stream', sha256 where the server computes adler32 itself, nothing when the file is read back
  // (reading back checks the very bytes stored, so hashing them on the way too would only cost).
  const server = verify === 'readback' && dest.serverAdler32 !== undefined;
  const parallel = want.size >= PARALLEL_FROM;
  const sums = verify === 'stream' || server ? new StreamSums({ parallel, adler32: !server }) : undefined;
  let resumedFrom = 0;
  if (dest.canAppend) {
    const part = (await dest.size(staging)) ?? 0;
    if (part > 0 && part <= want.size) {
      if (sums) await feed(sums, await dest.read(staging)).catch(discarding(sums));
      resumedFrom = part;
    } else if (part > 0) await dest.remove(staging);
  }
  let done = resumedFrom;
  const tap = new Transform({
    transform(piece: Uint8Array, _enc, next) {
      sums?.update(piece);
      done += piece.length;
      options.onProgress?.(done, want.size);
      next(null, piece);
    },
  });
  try {
    let body = (await source.read(from, resumedFrom)).pipe(tap);
    if (options.bandwidth) body = body.pipe(throttle(options.bandwidth));
    await dest.write(staging, body, { append: resumedFrom > 0, size: want.size - resumedFrom });
  } catch (err) {
    await discarding(sums)(err);
  }
  try {
    const sent = sums && mismatch(await sums.digest(), want);
    if (sent) throw new ChecksumMismatch(`${source.locate(from)} -> ${dest.locate(staging)}: sent ${sent}`);
    const landed = verify === 'stream' ? {} : await destinationSums(dest, staging);
    const wrong = mismatch({ ...landed, size: await dest.size(staging) }, want);
    if (wrong) throw new ChecksumMismatch(`${dest.locate(staging)}: ${wrong}`);
  } catch (err) {
    await dest.remove(staging);
    throw err;
  }
  if (staging !== to) await dest.rename(staging, to);
  return { bytes: want.size, resumedFrom, seconds: (performance.now() - started) / 1000 };
}

/** Stops a hash whose result will not be read, then rethrows. */
function discarding(sums: StreamSums | undefined) {
  return async (err: unknown): Promise<never> => {
    await sums?.discard();
    throw err;
  };
}

/** The checksums of a file as stored at a site: the server's own adler32 when it offers one. */
async function destinationSums(dest: SiteDriver, path: string): Promise<Partial<Sums>> {
  const adler32 = await dest.serverAdler32?.(path);
  if (adler32) return { adler32 };
  return checksumAt(dest, path);
}

/** Reads a file at a site and returns its size and checksums. */
export async function checksumAt(site: SiteDriver, path: string): Promise<Sums> {
  const size = await site.size(path);
  const sums = new StreamSums({ parallel: (size ?? 0) >= PARALLEL_FROM });
  await feed(sums, await site.read(path)).catch(discarding(sums));
  return (await sums.digest()) as Sums;
}
