import { getJson } from '../api.js';

/** A stored product, as the server names it. */
export interface ProductKey {
  run: string;
  type: string;
  lineage: string;
}

/** The main and alternative S1 and S2, as event_basics names them. */
export type PeakRole = 's1' | 'alt_s1' | 's2' | 'alt_s2';

/** A peak inside the event window (times int64 ns strings, positions cm or null). */
export interface EventPeak {
  /** row number in the run's peaks (event_basics' s1_index etc. count the same rows) */
  index: number;
  role: PeakRole | null;
  time: string;
  endtime: string;
  center_time: string;
  type: number;
  area: number;
  n_channels: number;
  area_fraction_top: number;
  range_50p_area: number;
  range_90p_area: number;
  x: number | null;
  y: number | null;
}

export type Row = Record<string, string | number | boolean | null>;

/** GET /api/runs/:run/events/:event_number. */
export interface EventDetail {
  product: ProductKey;
  event_number: number;
  previous: number | null;
  next: number | null;
  total: number;
  /** the event_info (or event_basics) row; NaN fields arrive as null */
  event: Row;
  peaks: EventPeak[];
  /** simulated runs: the energy deposits and true peaks inside the window */
  truth: { interactions: Row[]; peaks: Row[] } | null;
  window: { start: string; end: string; records: ProductKey | null; patterns: ProductKey | null };
}

export function getEvent(run: string, event: number, lineage: string | null): Promise<EventDetail> {
  const query = lineage ? `?lineage=${encodeURIComponent(lineage)}` : '';
  return getJson<EventDetail>(`/api/runs/${encodeURIComponent(run)}/events/${event}${query}`);
}

/** The event's peak playing `role`, if it has one. */
export function peakOf(detail: EventDetail, role: PeakRole): EventPeak | undefined {
  return detail.peaks.find((p) => p.role === role);
}
