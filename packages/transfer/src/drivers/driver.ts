import type { Readable } from 'node:stream';

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
  read(path: string, offset?: number): Promise<Readable>;
  /** Writes `body` to `path` (appending when `append`; only drivers with `canAppend`). */
  write(path: string, body: Readable, options?: { append?: boolean; size?: number }): Promise<void>;
  /** Partial writes survive a crash and can be continued (byte-offset resume). */
  readonly canAppend: boolean;
  /**
   * Writes go straight to the final name (S3: multipart makes them atomic; XRootD: no MOVE). Others
   * write `<name>.dance-part` and rename it once verified.
   */
  readonly writesInPlace: boolean;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; nothing when absent. */
  remove(path: string): Promise<void>;
  /** Every file under the site, recursively. */
  list(): AsyncIterable<SiteEntry>;
  /** adler32 computed by the storage itself (XRootD), or undefined when it cannot. */
  serverAdler32?(path: string): Promise<string | undefined>;
}
