import type { Table, Vector } from 'apache-arrow';
import type { Marker, PulseColumns } from './bin.js';

/** A column's values as one typed array (the server sends one record batch, so this is normally a view). */
function values<T extends ArrayLike<unknown>>(table: Table, name: string): T {
  const column = table.getChild(name);
  if (!column) throw new Error(`the server sent no '${name}' column`);
  return column.toArray() as unknown as T;
}

/** The samples of a FixedSizeList column, row after row. */
function listValues<T extends Int16Array | Float32Array>(column: Vector, size: number): T {
  const parts = column.data.map((d) =>
    (d.children[0].values as T).subarray(d.offset * size, (d.offset + d.length) * size),
  );
  if (parts.length === 1) return parts[0] as T;
  const out = new (parts[0].constructor as new (n: number) => T)(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A peak's light per PMT, for hit patterns. */
export interface PeakPattern {
  type: number;
  area: number;
  /** PE per channel */
  perChannel: Float32Array;
}

/** Peaklets (with area_per_channel) as hit patterns. */
export function peakPatterns(table: Table): PeakPattern[] {
  const column = table.getChild('area_per_channel');
  if (!column) return [];
  const size = (column.type as { listSize: number }).listSize;
  const all = listValues<Float32Array>(column, size);
  const type = values<ArrayLike<number>>(table, 'type');
  const area = values<ArrayLike<number>>(table, 'area');
  return Array.from({ length: table.numRows }, (_, i) => ({
    type: Number(type[i]),
    area: Number(area[i]),
    perChannel: all.subarray(i * size, (i + 1) * size),
  }));
}

/** The peaks a hit-pattern panel shows: the largest S1 and S2, or the largest peak when none is classified. */
export function patternPeaks(peaks: PeakPattern[]): { label: string; peak: PeakPattern }[] {
  const largest = (list: PeakPattern[]) =>
    list.reduce<PeakPattern | undefined>((a, b) => (a && a.area >= b.area ? a : b), undefined);
  const chosen = [1, 2].flatMap((t) => {
    const peak = largest(peaks.filter((p) => p.type === t));
    return peak ? [{ label: t === 1 ? 'S1' : 'S2', peak }] : [];
  });
  const any = largest(peaks);
  return chosen.length || !any ? chosen : [{ label: 'largest peak', peak: any }];
}

/** raw_records or records rows from the server as the columns binRecords reads. */
export function pulseColumns(table: Table): PulseColumns {
  const data = table.getChild('data');
  if (!data) throw new Error("the server sent no 'data' column");
  const size = (data.type as { listSize: number }).listSize;
  return {
    time: values(table, 'time'),
    length: values(table, 'length'),
    dt: values(table, 'dt'),
    channel: values(table, 'channel'),
    data: listValues<Int16Array>(data, size),
    samplesPerRecord: size,
    baseline: table.schema.fields.some((f) => f.name === 'baseline')
      ? values<Int16Array>(table, 'baseline')
      : undefined,
  };
}

/** Peaks from peaklets (time, length, dt) or simulation truth_peaks (time, endtime). */
export function markersOf(table: Table): Marker[] {
  const time = values<BigInt64Array>(table, 'time');
  const type = values<ArrayLike<number>>(table, 'type');
  const area = values<ArrayLike<number>>(table, 'area');
  const hasEnd = has(table, 'endtime');
  const end = hasEnd ? values<BigInt64Array>(table, 'endtime') : undefined;
  const length = hasEnd ? undefined : values<Int32Array>(table, 'length');
  const dt = hasEnd ? undefined : values<Int32Array>(table, 'dt');
  return Array.from(time, (t, i) => ({
    start: t,
    end: end ? end[i] : t + BigInt((length as Int32Array)[i] * (dt as Int32Array)[i]),
    type: Number(type[i]),
    area: Number(area[i]),
  }));
}

/** The columns pulseColumns needs: raw_records hang down from the digitizer baseline, records may be bit-shifted. */
export function recordColumns(type: string): string[] {
  return ['length', 'dt', 'channel', 'data', type === 'raw_records' ? 'baseline' : 'amplitude_bit_shift'];
}

/** The columns markersOf needs from a data type. */
export function markerColumns(type: string): string[] {
  return type === 'truth_peaks' ? ['endtime', 'type', 'area'] : ['length', 'dt', 'type', 'area'];
}

function has(table: Table, name: string): boolean {
  return table.schema.fields.some((f) => f.name === name);
}
