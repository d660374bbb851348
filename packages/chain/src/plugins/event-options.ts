import type { OptionSpec, OptionValues } from '@dance/pipeline';
import { maxDriftTime } from '@dance/signal';

/** Event window options, shared by name between events and event_basics (straxen's names and defaults). */
export const EVENT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'left_event_extension',
    type: 'number',
    default: 250_000,
    tracked: true,
    description: 'ns an event opens before its trigger, on top of the maximum drift time (straxen: 250000)',
  },
  {
    name: 'right_event_extension',
    type: 'number',
    default: 250_000,
    tracked: true,
    description: 'ns an event stays open after its trigger ends (straxen: 250000)',
  },
  {
    name: 'max_drift_length',
    type: 'number',
    default: 148.6536,
    tracked: true,
    description: 'cm from the cathode to the gate (straxen: 148.6536)',
  },
  {
    name: 'electron_drift_velocity',
    type: 'number',
    default: 6.75e-5,
    tracked: true,
    description: 'cm/ns electrons drift in the liquid (straxen: 6.75e-5)',
  },
];

/** Maximum drift time in whole ns (truncated, as straxen's drift_time_max). */
export function maxDriftNs(o: OptionValues): number {
  return Math.trunc(maxDriftTime(o.max_drift_length as number, o.electron_drift_velocity as number));
}

/** ns before and after a trigger an event window reaches. */
export function eventExtent(o: OptionValues): { before: number; after: number } {
  return { before: (o.left_event_extension as number) + maxDriftNs(o), after: o.right_event_extension as number };
}

/**
 * Context so that no event straddles a chunk cut: the pipeline cuts in the middle of a gap of this
 * many ns without input rows, and each half must hold a whole window extension, with 1 ns to spare
 * so windows on either side cannot touch (touching windows merge).
 */
export function eventContextNs(o: OptionValues): number {
  const { before, after } = eventExtent(o);
  return 2 * Math.max(before, after) + 2;
}
