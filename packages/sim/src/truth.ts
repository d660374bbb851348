import { RecordBatch, type RecordSchema, type truthInteractions, type truthPeaks } from '@dance/schema';

export type InteractionRow = {
  [K in (typeof truthInteractions.fields)[number]['name']]: K extends 'time' | 'event_id' ? bigint : number;
};
export type PeakRow = {
  [K in (typeof truthPeaks.fields)[number]['name']]: K extends 'time' | 'endtime' | 'center_time' | 'event_id'
    ? bigint
    : number;
};

/** Rows (a few per event, so plain objects are fine here) to a time-sorted batch. */
export function rowsToBatch<R extends Record<string, number | bigint>>(
  schema: RecordSchema,
  rows: readonly R[],
): RecordBatch {
  const batch = RecordBatch.allocate(schema, rows.length);
  for (const f of schema.fields) {
    const col = batch.column(f.name) as unknown as { [i: number]: number | bigint };
    for (let i = 0; i < rows.length; i++) col[i] = rows[i][f.name];
  }
  return batch.sortByTime();
}
