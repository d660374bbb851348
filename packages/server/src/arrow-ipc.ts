import type { RecordBatch } from '@dance/schema';
import { arrowTableOf } from '@dance/store';
import { RecordBatchStreamWriter } from 'apache-arrow';

/**
 * A batch as an uncompressed Arrow IPC stream for the browser, columns shared with the batch (no
 * copy). The store's own chunks are zstd-compressed and byte-split, which apache-arrow in the
 * browser cannot undo, hence this plain stream.
 */
export function arrowStream(batch: RecordBatch): Uint8Array {
  return RecordBatchStreamWriter.writeAll(arrowTableOf(batch)).toUint8Array(true);
}
