import { rename, rm } from 'node:fs/promises';

/**
 * Runs `write` against `<out>.tmp-<pid>` and renames the result onto `out` only when it succeeds,
 * so a reader never sees a half-written export; on failure the temporary file is removed.
 */
export async function writeAtomically(out: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    await write(tmp);
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Accepts either kind of batch source, so callers can pass an array or a store reader. */
export async function* eachBatch<T>(batches: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* batches;
}
