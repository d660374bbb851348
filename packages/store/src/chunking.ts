import { type RecordBatch, rowLayout } from '@dance/schema';

/**
 * Sizes (in rows) of consecutive chunks of about `targetBytes` packed row bytes each, cut only
 * where no earlier row reaches past the next row's start, so every chunk satisfies the store's
 * invariant (rows end by the chunk end, and the next chunk starts there). A batch with no such
 * gap stays one chunk. Rows must be time-sorted.
 */
export function chunkSizes(batch: RecordBatch, targetBytes: number): number[] {
  const per = Math.max(1, Math.floor(targetBytes / rowLayout(batch.schema).rowBytes));
  const time = batch.time;
  const ends = batch.rowEnds();
  const sizes: number[] = [];
  let from = 0;
  let reach: bigint | undefined;
  for (let i = 0; i < batch.length; i++) {
    if (i - from >= per && reach !== undefined && time[i] >= reach) {
      sizes.push(i - from);
      from = i;
    }
    if (reach === undefined || ends[i] > reach) reach = ends[i];
  }
  if (batch.length > from) sizes.push(batch.length - from);
  return sizes;
}
