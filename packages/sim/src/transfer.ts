import {
  RecordBatch,
  type RecordSchema,
  rawRecords,
  type TypedArray,
  truthInteractions,
  truthPeaks,
} from '@dance/schema';
import type { WindowOutput } from './simulator.js';

export interface WindowRequest {
  index: number;
  startNs: number;
  endNs: number;
}

type Columns = Record<string, TypedArray>;

/** A window's products as plain typed arrays, moved (not copied) between threads. */
export interface PackedWindow {
  index: number;
  start: bigint;
  end: bigint;
  columns: [Columns, Columns, Columns];
  lengths: [number, number, number];
  transfer: ArrayBuffer[];
}

const SCHEMAS: [RecordSchema, RecordSchema, RecordSchema] = [rawRecords, truthInteractions, truthPeaks];

export function packWindow(index: number, w: WindowOutput): PackedWindow {
  const batches = [w.rawRecords, w.interactions, w.peaks];
  const transfer: ArrayBuffer[] = [];
  const columns = batches.map((b) => {
    const cols: Columns = {};
    for (const f of b.schema.fields) {
      const c = b.column(f.name);
      cols[f.name] = c;
      transfer.push(c.buffer as ArrayBuffer);
    }
    return cols;
  }) as PackedWindow['columns'];
  return {
    index,
    start: w.start,
    end: w.end,
    columns,
    lengths: [batches[0].length, batches[1].length, batches[2].length],
    transfer,
  };
}

export function unpackWindow(p: PackedWindow): WindowOutput {
  const [raw, interactions, peaks] = SCHEMAS.map(
    (schema, i) => new RecordBatch(schema, p.lengths[i], p.columns[i] as never),
  );
  return { start: p.start, end: p.end, rawRecords: raw, interactions, peaks };
}
