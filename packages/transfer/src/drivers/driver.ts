/**
 * A file's bytes as pieces. Pieces in shared memory are lent: such a piece is valid only until the
 * next one is asked for (a POSIX read refills the same two buffers), so a consumer is done with it,
 * or copies it, before it takes the next; other pieces (network reads) are the consumer's to keep.
 * Reusing buffers is what lets a copy keep up with `cp`: fresh buffers for every megabyte cost more
 * than the checksums, and shared memory lets a checksum worker read them without a copy.
 */
export type Pieces = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** True for a piece its producer will refill once the next piece is asked for. */
export function isLent(piece: Uint8Array): boolean {
  return piece.buffer instanceof SharedArrayBuffer;
}

/** Suffix of a destination file still being written (or, on S3, of the record of an unfinished upload). */
export const PARTIAL_SUFFIX = '.dance-part';

/** A file found when listing a site: its path relative to the site URL and its size. */
export interface SiteEntry {
  path: string;
  size: number;
}

/**
 * One storage endpoint as the transfer engine sees it: byte streams in and out, never whole files in
 * memory. Paths are relative to the site URL with '/' separators.
 */
export interface SiteDriver {
  /** Where `path` lives, for messages (a file path or an URL). */
  locate(path: string): string;
  /** Size in bytes, or undefined when nothing is there. */
  size(path: string): Promise<number | undefined>;
  /** The bytes of `path` from `offset` on. */
  read(path: string, offset?: number): Promise<Pieces>;
  /**
   * Writes `pieces` to `path`, durably once it returns (or, on a site with `sync`, once that returns).
   * With `from` > 0 it continues an interrupted write after the first `from` bytes, which `kept`
   * reported; `size` is the number of bytes to come. A failed write leaves what it wrote for `kept`.
   * A site with `readsBack` returns both checksums of the whole file as read back from it.
   */
  write(
    path: string,
    pieces: Pieces,
    options?: { from?: number; size?: number },
  ): Promise<{ adler32?: string; sha256?: string }>;
  /** Reading back is cheap here (a local filesystem): `write` reads the file back as it writes. */
  readonly readsBack?: boolean;
  /**
   * Flushes a written file to stable storage (POSIX: fsync). Sites whose writes are durable when
   * they return have none; a site with one leaves the flush to the caller, who can read the file
   * back meanwhile.
   */
  sync?(path: string): Promise<void>;
  /** Bytes of an interrupted write to `path` that a new write can continue after; 0 when none. */
  kept(path: string): Promise<number>;
  /**
   * Writes go straight to the final name (S3: an object appears only when its upload completes, and
   * the kept parts of an unfinished one cannot be read). Others write `<name>.dance-part` and rename
   * it once verified; what it kept (POSIX) can be read back.
   */
  readonly writesInPlace: boolean;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file and whatever an interrupted write to it kept; nothing when absent. */
  remove(path: string): Promise<void>;
  /** Every file under the site, recursively. */
  list(): AsyncIterable<SiteEntry>;
  /** adler32 computed by the storage itself (XRootD), or undefined when it cannot. */
  serverAdler32?(path: string): Promise<string | undefined>;
}
