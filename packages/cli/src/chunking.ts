import { concatBatches, type RecordBatch, UserError } from '@dance/schema';

/**
 * Re-cuts a time-ordered stream of batches into chunks of at least `rows` rows (the last may be
 * smaller). A chunk is cut only before a row that starts at or after every earlier row has ended,
 * so no record spans two chunks and consecutive chunks tile time without overlap. Input out of
 * time order is a UserError naming `source` and the row.
 */
export async function* chunksByTime(
  batches: AsyncIterable<RecordBatch>,
  rows: number,
  source: string,
): AsyncGenerator<RecordBatch> {
  // Batches wait in a list and are joined only once they can fill a chunk: one copy per row.
  let pending: RecordBatch[] = [];
  let pendingRows = 0;
  let seen = 0;
  let lastTime: bigint | undefined;
  for await (const batch of batches) {
    const t = batch.time;
    for (let i = 0; i < t.length; i++) {
      if (lastTime !== undefined && t[i] < lastTime) {
        throw new UserError(
          `${source}: records are not in time order at row ${seen + i} (time ${t[i]} after ${lastTime}); sort them by time first`,
        );
      }
      lastTime = t[i];
    }
    seen += batch.length;
    pending.push(batch);
    pendingRows += batch.length;
    if (pendingRows < rows) continue;
    let joined = pending.length === 1 ? pending[0] : concatBatches(batch.schema, pending);
    for (let cut = safeCut(joined, rows); cut !== undefined; cut = safeCut(joined, rows)) {
      yield joined.slice(0, cut);
      joined = joined.slice(cut);
    }
    pending = [joined];
    pendingRows = joined.length;
  }
  if (pendingRows > 0) yield pending.length === 1 ? pending[0] : concatBatches(pending[0].schema, pending);
}

/** The first row index >= `from` where every earlier row has ended; undefined when there is none yet. */
function safeCut(batch: RecordBatch, from: number): number | undefined {
  if (batch.length <= from) return undefined;
  const t = batch.time;
  const ends = batch.rowEnds();
  let reach = ends[0];
  for (let i = 1; i < from; i++) if (ends[i] > reach) reach = ends[i];
  for (let k = from; k < batch.length; k++) {
    if (t[k] >= reach) return k;
    if (ends[k] > reach) reach = ends[k];
  }
  return undefined;
}
