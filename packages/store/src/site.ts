import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where products live: the store's only I/O dependency. Paths are relative to the site root with
 * '/' separators. The calls are synchronous because the store runs one chunk at a time per core and
 * callers read manifests synchronously; a remote site (S3, XRootD, later) implements the same calls
 * over a local staging directory, or the store grows async variants of the metadata calls then.
 */
export interface Site {
  /** Where `path` lives, for error messages and users (an absolute path, later an URL). */
  locate(path: string): string;
  mkdir(path: string): void;
  /** Creates or truncates `path`, writes all pieces, flushes them to stable storage. */
  writeFile(path: string, pieces: readonly Uint8Array[]): void;
  /** Appends one line and flushes it to stable storage (journals). */
  appendLine(path: string, line: string): void;
  readFile(path: string): Uint8Array;
  /** `length` bytes from `offset` (fewer at the end of the file). */
  readRange(path: string, offset: number, length: number): Uint8Array;
  /** Size in bytes, or undefined when nothing is there. */
  size(path: string): number | undefined;
  exists(path: string): boolean;
  /** Names in a directory; empty when it does not exist. */
  list(dir: string): string[];
  rename(from: string, to: string): void;
  /** Removes a file or a directory tree; nothing when absent. */
  remove(path: string): void;
  /** Makes a directory's entries (created or renamed files) durable. */
  syncDir(path: string): void;
}

/** Test hook: called before each block is written; throw to simulate a full disk or an I/O error. */
export interface FaultHook {
  beforeWrite(path: string, bytes: number): void;
}

/** Large files are written in blocks so a fault can strike mid-file, as a full disk does. */
const WRITE_BLOCK = 1 << 22;

/** A directory on a local or network-mounted filesystem. */
export class LocalSite implements Site {
  readonly root: string;
  private readonly faults?: FaultHook;

  constructor(root: string, options: { faults?: FaultHook } = {}) {
    this.root = resolve(root);
    this.faults = options.faults;
  }

  locate(path: string): string {
    return join(this.root, path);
  }

  mkdir(path: string): void {
    mkdirSync(this.locate(path), { recursive: true });
  }

  writeFile(path: string, pieces: readonly Uint8Array[]): void {
    const fd = openSync(this.locate(path), 'w');
    try {
      for (const piece of pieces) {
        for (let at = 0; at < piece.length; at += WRITE_BLOCK) {
          const block = piece.subarray(at, at + WRITE_BLOCK);
          this.faults?.beforeWrite(path, block.length);
          let done = 0;
          while (done < block.length) done += writeSync(fd, block, done);
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  appendLine(path: string, line: string): void {
    const bytes = new TextEncoder().encode(`${line}\n`);
    const fd = openSync(this.locate(path), 'a');
    try {
      this.faults?.beforeWrite(path, bytes.length);
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  readFile(path: string): Uint8Array {
    return readFileSync(this.locate(path));
  }

  readRange(path: string, offset: number, length: number): Uint8Array {
    const fd = openSync(this.locate(path), 'r');
    try {
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, out, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return out.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }

  size(path: string): number | undefined {
    return statSync(this.locate(path), { throwIfNoEntry: false })?.size;
  }

  exists(path: string): boolean {
    return existsSync(this.locate(path));
  }

  list(dir: string): string[] {
    try {
      return readdirSync(this.locate(dir)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  rename(from: string, to: string): void {
    renameSync(this.locate(from), this.locate(to));
  }

  remove(path: string): void {
    rmSync(this.locate(path), { recursive: true, force: true });
  }

  syncDir(path: string): void {
    const fd = openSync(this.locate(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
