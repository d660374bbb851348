import type { Random } from '../rng.js';
import type { Recoil } from './recoil.js';
import { excitonRatioER, meanYields } from './yields.js';

/** Quanta produced by one interaction after fluctuations. */
export interface Quanta {
  photons: number;
  electrons: number;
  /** Excitons before recombination (their photons carry the prompt singlet/triplet timing). */
  excitons: number;
}

/** Fano-like factor of the total quanta for electronic recoils (NEST's density form plus its field term). */
export function fanoER(density: number, quanta: number, field: number): number {
  const base = 0.12707 - 0.029623 * density - 0.0057042 * density ** 2 + 0.0015957 * density ** 3;
  return base + 0.001 * Math.sqrt(quanta) * Math.sqrt(field);
}

/** Extra (non-binomial) recombination spread ω as a function of the electron fraction. */
function recombinationOmega(recoil: Recoil, electronFraction: number, field: number): number {
  if (recoil === 'nr') return 0.04 * Math.exp(-((electronFraction - 0.5) ** 2) / (2 * 0.19 ** 2));
  // NEST uses a skewed Gaussian here; the skew is left out (it shifts the mean of Ne by < 1 %)
  const amplitude = field < 295 ? 0.046452 : 0.07;
  return amplitude * Math.exp(-((electronFraction - 0.45) ** 2) / (2 * 0.205 ** 2));
}

/**
 * Samples photons and electrons for one interaction: total quanta, the exciton/ion split and
 * recombination fluctuate as in NEST (Gaussian recombination without skew). The means equal
 * `meanYields` for every recoil type.
 */
export function sampleQuanta(rng: Random, recoil: Recoil, energy: number, field: number, density: number): Quanta {
  const mean = meanYields(recoil, energy, field, density);
  if (mean.quanta <= 0) return { photons: 0, electrons: 0, excitons: 0 };
  let ions: number;
  let excitons: number;
  let meanIons: number;
  if (recoil === 'nr') {
    const ratio = Math.min(1, Math.max(excitonRatioER(1e3, density), mean.excitonRatio));
    meanIons = mean.quanta / (1 + ratio);
    const meanExcitons = mean.quanta - meanIons;
    ions = Math.max(0, Math.round(rng.gauss(meanIons, Math.sqrt(0.4 * meanIons))));
    excitons = Math.max(0, Math.round(rng.gauss(meanExcitons, Math.sqrt(0.4 * meanExcitons))));
  } else {
    const fano = fanoER(density, mean.quanta, field);
    const quanta = Math.max(0, Math.round(rng.gauss(mean.quanta, Math.sqrt(fano * mean.quanta))));
    meanIons = mean.quanta / (1 + mean.excitonRatio);
    ions = rng.binomial(quanta, 1 / (1 + mean.excitonRatio));
    excitons = quanta - ions;
  }
  const survival = meanIons > 0 ? Math.min(1, mean.electrons / meanIons) : 0;
  const recombined = 1 - survival;
  const omega = recombinationOmega(recoil, mean.electrons / mean.quanta, field);
  const sigma = Math.sqrt(recombined * survival * ions + omega * omega * ions * ions);
  const electrons = Math.min(ions, Math.max(0, Math.round(rng.gauss(survival * ions, sigma))));
  let photons = excitons + ions - electrons;
  // sub-keV nuclear recoils lose light to the Penning/biexcitonic quenching term of the mean model
  if (recoil === 'nr' && mean.photons < (mean.quanta - mean.electrons) * 0.999999) {
    photons = rng.binomial(photons, mean.photons / (mean.quanta - mean.electrons));
  }
  return { photons, electrons, excitons };
}
