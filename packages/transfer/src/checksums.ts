import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { Adler32 } from '@dance/store';
import { isLent, type Pieces } from './drivers/driver.js';

/** The checksums a transfer is verified by, as the catalog writes them. */
export interface Sums {
  size: number;
  adler32: string;
  sha256: string;
}

/**
 * sha256 in a worker thread, so that it runs beside the copy (sha256 alone takes about as long as
 * `cp`). Each piece is answered once hashed, so the sender knows when a lent buffer may be refilled.
 */
const SHA256_WORKER = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (m) => {
  if (m === 'digest') return parentPort.postMessage(hash.digest('hex'));
  hash.update(m);
  parentPort.postMessage(0);
});
`;

/**
 * Checksums over a byte stream, fed piece by piece: sha256 and (unless `adler32: false`) adler32;
 * `parallel` hashes sha256 on another core. Pieces in shared memory (POSIX reads) go to that core
 * without a copy: the caller keeps such a piece unchanged until `settled()`.
 */
export class StreamSums {
  private readonly adler?: Adler32;
  private readonly sha?: Hash;
  private readonly worker?: Worker;
  private posted = 0;
  private hashed = 0;
  /** the count of pieces posted up to and including the last one in shared memory */
  private lent = 0;
  private wake?: () => void;
  private answer?: (hex: string) => void;
  size = 0;

  constructor(options: { parallel?: boolean; adler32?: boolean } = {}) {
    if (options.adler32 ?? true) this.adler = new Adler32();
    if (options.parallel) {
      this.worker = new Worker(SHA256_WORKER, { eval: true });
      this.worker.on('message', (m: number | string) => {
        if (typeof m === 'string') return this.answer?.(m);
        if (++this.hashed === this.lent) this.wake?.();
      });
    } else this.sha = createHash('sha256');
  }

  update(bytes: Uint8Array): void {
    if (this.worker) {
      // shared memory is seen by the worker as it is; other pieces move there as a copy, since
      // the caller may reuse them (Buffer#slice would be a view)
      const shared = isLent(bytes);
      const piece = shared ? bytes : Uint8Array.prototype.slice.call(bytes);
      this.worker.postMessage(piece, shared ? [] : [piece.buffer as ArrayBuffer]);
      this.posted++;
      if (shared) this.lent = this.posted;
    } else this.sha?.update(bytes);
    this.adler?.update(bytes);
    this.size += bytes.length;
  }

  /** Resolves once every piece given so far in shared memory is hashed (at once for the others). */
  settled(): Promise<void> {
    if (this.hashed >= this.lent) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** size and sha256, and adler32 unless it was turned off. */
  async digest(): Promise<Partial<Sums> & { size: number; sha256: string }> {
    const sha256 = this.worker ? await this.fromWorker(this.worker) : (this.sha as Hash).digest('hex');
    return { size: this.size, adler32: this.adler?.hex(), sha256 };
  }

  private async fromWorker(worker: Worker): Promise<string> {
    const hex = new Promise<string>((resolve, reject) => {
      this.answer = resolve;
      worker.once('error', reject);
    });
    worker.postMessage('digest');
    try {
      return await hex;
    } finally {
      await worker.terminate();
    }
  }

  /** Stops a parallel hash that will not be read (a failed transfer). */
  async discard(): Promise<void> {
    await this.worker?.terminate();
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
