import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { Adler32 } from '@dance/store';
import type { Pieces } from './drivers/driver.js';

/** The checksums a transfer is verified by, as the catalog writes them. */
export interface Sums {
  size: number;
  adler32: string;
  sha256: string;
}

/**
 * sha256 in a worker thread: together with adler32 on the main thread, one core cannot keep up with
 * a local disk (about 560 MB/s for both), so for large files the two sums run on two cores.
 */
const SHA256_WORKER = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (m) => (m === 'digest' ? parentPort.postMessage(hash.digest('hex')) : hash.update(m)));
`;

/**
 * Checksums over a byte stream, fed piece by piece: sha256 and (unless `adler32: false`) adler32;
 * `parallel` hashes sha256 on another core.
 */
export class StreamSums {
  private readonly adler?: Adler32;
  private readonly sha?: Hash;
  private readonly worker?: Worker;
  size = 0;

  constructor(options: { parallel?: boolean; adler32?: boolean } = {}) {
    if (options.adler32 ?? true) this.adler = new Adler32();
    if (options.parallel) this.worker = new Worker(SHA256_WORKER, { eval: true });
    else this.sha = createHash('sha256');
  }

  update(bytes: Uint8Array): void {
    if (this.worker) {
      // a copy moves to the worker (the caller still writes `bytes`); Buffer#slice would be a view
      const copy = Uint8Array.prototype.slice.call(bytes);
      this.worker.postMessage(copy, [copy.buffer]);
    } else this.sha?.update(bytes);
    this.adler?.update(bytes);
    this.size += bytes.length;
  }

  /** size and sha256, and adler32 unless it was turned off. */
  async digest(): Promise<Partial<Sums> & { size: number; sha256: string }> {
    const sha256 = this.worker ? await this.fromWorker(this.worker) : (this.sha as Hash).digest('hex');
    return { size: this.size, adler32: this.adler?.hex(), sha256 };
  }

  private async fromWorker(worker: Worker): Promise<string> {
    const hex = new Promise<string>((resolve, reject) => worker.once('message', resolve).once('error', reject));
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

/** Reads pieces to their end, feeding `sums`. */
export async function feed(sums: StreamSums, pieces: Pieces): Promise<void> {
  for await (const piece of pieces) sums.update(piece);
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
