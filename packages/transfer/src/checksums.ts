import { createHash, type Hash } from 'node:crypto';
import { Adler32 } from '@dance/store';
import type { Pieces } from './drivers/driver.js';
import { Sha256Thread } from './sha256-thread.js';

/** The checksums a transfer is verified by, as the catalog writes them. */
export interface Sums {
  size: number;
  adler32: string;
  sha256: string;
}

/**
 * Checksums over a byte stream, fed piece by piece: sha256 and (unless `adler32: false`) adler32;
 * `parallel` hashes sha256 on another core. Pieces in shared memory (POSIX reads) go to that core
 * without a copy: the caller keeps such a piece unchanged until `settled()`.
 */
export class StreamSums {
  private readonly adler?: Adler32;
  private readonly sha: Hash | Sha256Thread;
  size = 0;

  constructor(options: { parallel?: boolean; adler32?: boolean } = {}) {
    if (options.adler32 ?? true) this.adler = new Adler32();
    this.sha = options.parallel ? new Sha256Thread() : createHash('sha256');
  }

  update(bytes: Uint8Array): void {
    this.sha.update(bytes);
    this.adler?.update(bytes);
    this.size += bytes.length;
  }

  /** Resolves once every piece given so far in shared memory is hashed (at once without a worker). */
  async settled(): Promise<void> {
    if (this.sha instanceof Sha256Thread) await this.sha.settled();
  }

  /** size and sha256, and adler32 unless it was turned off. */
  async digest(): Promise<Partial<Sums> & { size: number; sha256: string }> {
    const sha256 = this.sha instanceof Sha256Thread ? await this.sha.digest() : this.sha.digest('hex');
    return { size: this.size, adler32: this.adler?.hex(), sha256 };
  }

  /** Stops a parallel hash that will not be read (a failed transfer). */
  discard(): void {
    if (this.sha instanceof Sha256Thread) this.sha.drop();
  }
}

/** Files at least this large hash sha256 on a second core. */
export const PARALLEL_FROM = 16 << 20;

/** Reads pieces to their end, feeding `sums` (each piece hashed before the next is asked for). */
export async function feed(sums: StreamSums, pieces: Pieces): Promise<void> {
  for await (const piece of pieces) {
    sums.update(piece);
    await sums.settled();
  }
}

/** The first field in which `got` differs from `want`, as "adler32 1a2b3c4d, catalog says 5e6f7a8b". */
export function mismatch(got: Partial<Sums>, want: Sums): string | undefined {
  for (const field of ['size', 'adler32', 'sha256'] as const) {
    if (got[field] !== undefined && got[field] !== want[field]) {
      return `${field} ${got[field]}, catalog says ${want[field]}`;
    }
  }
  return undefined;
}
