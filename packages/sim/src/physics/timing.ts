import type { Random } from '../rng.js';
import type { Recoil } from './recoil.js';

/** Liquid-xenon scintillation decay constants, ns. */
export const SINGLET_NS = 3.27;
export const TRIPLET_NS = 23.97;

/** Singlet-to-triplet ratios: nuclear recoils excite far more singlets. */
const SINGLET_TO_TRIPLET: Record<Recoil, number> = { 'er-beta': 0.042, 'er-gamma': 0.042, nr: 0.269 };

export function singletFraction(recoil: Recoil): number {
  const r = SINGLET_TO_TRIPLET[recoil];
  return r / (1 + r);
}

/**
 * Emission delay of one S1 photon after the interaction. Recombination photons of electronic
 * recoils are further delayed by τ_R·(1/u − 1) (capped at 1 µs so the tail stays finite).
 */
export function scintillationDelay(
  rng: Random,
  singletProb: number,
  fromRecombination: boolean,
  recombinationNs: number,
): number {
  let t = rng.exponential(rng.uniform() < singletProb ? SINGLET_NS : TRIPLET_NS);
  if (fromRecombination && recombinationNs > 0) t += Math.min(1000, recombinationNs * (1 / rng.uniform() - 1));
  return t;
}

/** Recombination time constant for electronic recoils, ns. */
export function recombinationTime(energy: number, field: number): number {
  return Math.exp(-0.009 * field) * (7.3138 + 3.8431 * Math.log10(Math.max(energy, 1e-3)));
}
