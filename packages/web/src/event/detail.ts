import type { EventPeak, EventReply, PeakRole } from '@dance/api';
import { getJson } from '../api.js';

export function getEvent(run: string, event: number, lineage: string | null): Promise<EventReply> {
  const query = lineage ? `?lineage=${encodeURIComponent(lineage)}` : '';
  return getJson<EventReply>(`/api/runs/${encodeURIComponent(run)}/events/${event}${query}`);
}

/** The event's peak playing `role`, if it has one. */
export function peakOf(detail: EventReply, role: PeakRole): EventPeak | undefined {
  return detail.peaks.find((p) => p.role === role);
}
