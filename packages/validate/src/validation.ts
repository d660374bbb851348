import { type Check, check, THRESHOLDS } from './checks.js';
import {
  type AreaBin,
  areaBySize,
  type ClassificationRow,
  classification,
  type EfficiencyBin,
  efficiencyBySize,
  type PositionBin,
  positionBySize,
  S1,
  S2,
  unmatchedReco,
} from './figures.js';
import { numbers, times, type ValidationInputs } from './inputs.js';
import { KR83M, type KrEvents, type KrSpectrum, krSpectrum, type LineFit } from './kr83m.js';
import { matchPeaks } from './matching.js';
import { logEdges } from './stats.js';

/** Size bins of the per-size figures: 3 per decade from 1 PE to 1e6 PE. */
export const SIZE_EDGES = logEdges(1, 1e6, 3);

export interface Figures {
  s1Efficiency: EfficiencyBin[];
  s2Efficiency: EfficiencyBin[];
  s1Area: AreaBin[];
  s2Area: AreaBin[];
  /** Empty when peak_positions is not stored. */
  s2Position: PositionBin[];
  classification: ClassificationRow[];
  unmatchedReco: { unknown: number; s1: number; s2: number };
  truthPeaks: number;
  recoPeaks: number;
}

export interface Validation {
  figures: Figures;
  kr?: KrSpectrum;
  checks: Check[];
  passed: boolean;
}

/** All figures and checks of a run's inputs. */
export function validate(inputs: ValidationInputs): Validation {
  const { truth, reco } = inputs;
  const m = matchPeaks(truth, reco);
  const above = (minPe: number) => [minPe, Number.POSITIVE_INFINITY];
  const figures: Figures = {
    s1Efficiency: efficiencyBySize(truth, reco, m, S1, SIZE_EDGES),
    s2Efficiency: efficiencyBySize(truth, reco, m, S2, SIZE_EDGES),
    s1Area: areaBySize(truth, reco, m, S1, SIZE_EDGES),
    s2Area: areaBySize(truth, reco, m, S2, SIZE_EDGES),
    s2Position: positionBySize(truth, reco, m, SIZE_EDGES),
    classification: classification(truth, reco, m),
    unmatchedReco: unmatchedReco(reco, m),
    truthPeaks: truth.time.length,
    recoPeaks: reco.time.length,
  };
  const t = THRESHOLDS;
  const eff = (type: number, minPe: number) => efficiencyBySize(truth, reco, m, type, above(minPe))[0];
  const area = (type: number, minPe: number) => areaBySize(truth, reco, m, type, above(minPe))[0];
  const s1e = eff(S1, t.s1_efficiency.minPe);
  const s2e = eff(S2, t.s2_efficiency.minPe);
  const s1a = area(S1, t.s1_area_bias.minPe);
  const s2a = area(S2, t.s2_area_bias.minPe);
  const pos = positionBySize(truth, reco, m, above(t.s2_position.minPe))[0];
  const missing = (type: string) => inputs.missing.find((p) => p.type === type);
  const noPositions = missing('peak_positions');
  const notKr =
    inputs.source === 'kr83m' ? undefined : `the simulated source is ${inputs.source ?? 'unknown'}, not kr83m`;
  const kr = inputs.events && !notKr ? krSpectrum(krColumns(inputs)) : undefined;
  const noEvents = missing('event_info');
  const checks = [
    check('s1_efficiency', s1e?.efficiency ?? Number.NaN, s1e?.truth ?? 0),
    check('s2_efficiency', s2e?.efficiency ?? Number.NaN, s2e?.truth ?? 0),
    check('s1_area_bias', s1a?.bias ?? Number.NaN, s1a?.peaks ?? 0),
    check('s2_area_bias', s2a?.bias ?? Number.NaN, s2a?.peaks ?? 0),
    check(
      's2_position',
      pos?.r68 ?? Number.NaN,
      pos?.peaks ?? 0,
      noPositions && `no peak_positions: ${noPositions.make}`,
    ),
    krCheck(kr?.merged, noEvents ? `no event_info: ${noEvents.make}` : notKr),
  ];
  return { figures, kr, checks, passed: checks.every((c) => c.passed) };
}

function krCheck(fit: LineFit | undefined, unavailable: string | undefined): Check {
  if (unavailable) return check('kr_merged_energy', Number.NaN, 0, unavailable);
  if (!fit) return check('kr_merged_energy', Number.NaN, 0, 'the 41.5 keV line was not fitted (see notes)');
  if (!fit.valid) return check('kr_merged_energy', Number.NaN, fit.events, 'the 41.5 keV fit did not converge');
  return check('kr_merged_energy', fit.mean / KR83M.merged - 1, fit.events);
}

function krColumns({ events, eventsKey }: ValidationInputs): KrEvents {
  const batch = events!;
  const key = eventsKey!;
  return {
    s1_center_time: times(batch, 's1_center_time', key),
    alt_s1_center_time: times(batch, 'alt_s1_center_time', key),
    cs1: numbers(batch, 'cs1', key),
    alt_cs1: numbers(batch, 'alt_cs1', key),
    e_ces: numbers(batch, 'e_ces', key),
  };
}
