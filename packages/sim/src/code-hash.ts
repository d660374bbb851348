import { codeHash } from '@dance/schema';

/**
 * A hash of the simulator's sources and built-in detectors, part of every simulated run's lineage:
 * a change to the physics without a version bump still gives a new lineage.
 */
export function simulatorCodeHash(): string {
  return codeHash(['@dance/sim/src', '@dance/sim/detectors']);
}
