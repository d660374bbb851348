import { type RecordBatch, rowLayout } from '@dance/schema';
import { hasExtent } from './writer.js';

/**
 * Sizes (in rows) of consecutive chunks of about `targetBytes` packed row bytes each, cut only
 * where no earlier row reaches past the next row's start, so every chunk satisfies the store's
 * invariant (rows end by the chunk end, and the next chunk starts there). A batch with no such
 * gap stays one chunk. Rows must be time-sorted.
 */
export function chunkSizes(batch: RecordBatch, targetBytes: number): number[] {
  const per = Math.max(1, Math.floor(targetBytes / rowLayout(batch.schema).rowBytes));
  const time = batch.time;
  const ends = hasExtent(batch.schema) ? batch.endTime() : undefined;
  const sizes: number[] = [];
  let from = 0;
  let reach: bigint | undefined;
  for (let i = 0; i < batch.length; i++) {
    if (i - from >= per && reach !== undefined && time[i] >= reach) {
      sizes.push(i - from);
      from = i;
    }
    const end = ends ? ends[i] : time[i] + 1n;
    if (reach === undefined || end > reach) reach = end;
  }
  if (batch.length > from) sizes.push(batch.length - from);
  return sizes;
}
