import { Worker } from 'node:worker_threads';
import { isLent } from './drivers/driver.js';

/**
 * sha256 on a second core, beside the copy (sha256 alone takes about as long as `cp`). One worker
 * thread serves every transfer of the process: starting a worker per file cost 0.1 s here, a third
 * of a 200 MB copy. It hashes pieces sent to it (each answered once hashed, so a sender knows when a
 * lent buffer may be refilled), or a file it reads itself up to where the writer has got, trailing
 * the copy without holding it up. The worker keeps the process alive only while some hash is open.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const hashes = new Map();
const files = new Map();
const buffer = Buffer.allocUnsafe(1 << 20);
function follow(id, file, upTo) {
  let f = files.get(id);
  if (!f) files.set(id, (f = { fd: openSync(file, 'r'), at: 0 }));
  while (f.at < upTo) {
    const n = readSync(f.fd, buffer, 0, Math.min(buffer.length, upTo - f.at), f.at);
    if (n === 0) throw new Error(file + ': ' + (upTo - f.at) + ' bytes written at ' + f.at + ' could not be read back');
    hashes.get(id).update(buffer.subarray(0, n));
    f.at += n;
  }
}
parentPort.on('message', ({ id, piece, file, upTo, end }) => {
  if (!hashes.has(id)) hashes.set(id, createHash('sha256'));
  try {
    if (piece) {
      hashes.get(id).update(piece);
      return parentPort.postMessage({ id });
    }
    if (file !== undefined) return follow(id, file, upTo);
    const hex = hashes.get(id).digest('hex');
    if (end === 'digest') parentPort.postMessage({ id, hex });
  } catch (err) {
    forget(id);
    parentPort.postMessage({ id, error: String(err.message) });
  } finally {
    if (end) forget(id);
  }
});
function forget(id) {
  hashes.delete(id);
  if (files.has(id)) closeSync(files.get(id).fd);
  files.delete(id);
}
`;

let worker: Worker | undefined;
const open = new Map<number, Sha256Thread>();
let nextId = 0;
const BATCH = 1 << 20;

function thread(): Worker {
  if (worker) return worker;
  const w = new Worker(SOURCE, { eval: true });
  w.on('message', (m: { id: number; hex?: string; error?: string }) =>
    m.error === undefined ? open.get(m.id)?.answered(m.hex) : open.get(m.id)?.failed(new Error(m.error)),
  );
  w.on('error', (err) => {
    worker = undefined;
    for (const hash of open.values()) hash.failed(err);
  });
  worker = w;
  return w;
}

/** One sha256 computed on the shared worker thread. */
export class Sha256Thread {
  private readonly id = nextId++;
  private posted = 0;
  private hashed = 0;
  /** the count of pieces posted up to and including the last one in shared memory */
  private lent = 0;
  private wake?: { resolve: () => void; reject: (err: Error) => void };
  private answer?: { resolve: (hex: string) => void; reject: (err: Error) => void };
  private failure?: Error;
  /** copies of small pieces (network reads come in ~64 KiB), sent together: one message per MiB */
  private batch = new Uint8Array(BATCH);
  private batched = 0;

  constructor() {
    const w = thread();
    if (open.size === 0) w.ref();
    open.set(this.id, this);
  }

  /** Sends a piece: shared memory as it is, other pieces copied into a batch (the caller may reuse them). */
  update(bytes: Uint8Array): void {
    if (isLent(bytes)) {
      this.flush();
      this.post(bytes);
      this.lent = this.posted;
      return;
    }
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, BATCH - this.batched);
      this.batch.set(bytes.subarray(at, at + n), this.batched);
      this.batched += n;
      at += n;
      if (this.batched === BATCH) this.flush();
    }
  }

  /** Sends the batch, moving its memory to the worker. */
  private flush(): void {
    if (this.batched === 0) return;
    const full = this.batch.subarray(0, this.batched);
    this.batch = new Uint8Array(BATCH);
    this.batched = 0;
    this.post(full, [full.buffer as ArrayBuffer]);
  }

  /** Hashes the file at `file` (a local path) from where it got to up to byte `upTo`, reading it itself. */
  follow(file: string, upTo: number): void {
    thread().postMessage({ id: this.id, file, upTo });
  }

  private post(piece: Uint8Array, transfer: ArrayBuffer[] = []): void {
    thread().postMessage({ id: this.id, piece }, transfer);
    this.posted++;
  }

  /** Resolves once every piece sent so far in shared memory is hashed. */
  settled(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.hashed >= this.lent) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.wake = { resolve, reject };
    });
  }

  async digest(): Promise<string> {
    if (this.failure) throw this.failure;
    this.flush();
    const hex = new Promise<string>((resolve, reject) => {
      this.answer = { resolve, reject };
    });
    thread().postMessage({ id: this.id, end: 'digest' });
    return hex;
  }

  /** Forgets a hash whose result will not be read (a failed transfer). */
  drop(): void {
    if (!this.failure) worker?.postMessage({ id: this.id, end: 'drop' });
    this.close();
  }

  answered(hex: string | undefined): void {
    if (hex !== undefined) {
      this.close();
      this.answer?.resolve(hex);
    } else if (++this.hashed === this.lent) this.wake?.resolve();
  }

  failed(err: Error): void {
    this.failure = err;
    this.close();
    this.wake?.reject(err);
    this.answer?.reject(err);
  }

  private close(): void {
    open.delete(this.id);
    if (open.size === 0) worker?.unref();
  }
}
