import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Adler32 } from '@dance/store';

/** The checksums a transfer is verified by, as the catalog writes them. */
export interface Sums {
  size: number;
  adler32: string;
  sha256: string;
}

/** Both checksums over a byte stream, fed piece by piece. */
export class StreamSums {
  private readonly adler = new Adler32();
  private readonly sha: Hash = createHash('sha256');
  size = 0;

  update(bytes: Uint8Array): void {
    this.adler.update(bytes);
    this.sha.update(bytes);
    this.size += bytes.length;
  }

  digest(): Sums {
    return { size: this.size, adler32: this.adler.hex(), sha256: this.sha.digest('hex') };
  }
}

/** Reads a stream to its end, feeding `sums`. */
export async function feed(sums: StreamSums, stream: Readable): Promise<void> {
  for await (const piece of stream) sums.update(piece as Uint8Array);
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
