import type { Recoil } from './recoil.js';

/**
 * NEST-style mean light and charge yields in liquid xenon (model of Szydagis et al.,
 * arXiv:2211.10726; formulas as summarised in the DANCE primer, written afresh here).
 * Units: energy keV, drift field V/cm, density g/cm³.
 */

export const REFERENCE_DENSITY = 2.9;
const AVOGADRO = 6.02214076e23;
const XENON_MOLAR_MASS = 131.293;

/** Mean energy per quantum (photon or electron) in eV; 13.44 eV at 2.90 g/cm³. */
export function wValue(density: number): number {
  const electronDensity = (density / XENON_MOLAR_MASS) * AVOGADRO * 54;
  // the 1.1716 factor is NEST's default rescaling to the Zurich/EXO-consistent W of ~13.4 eV
  return (18.7263 - 1.01e-23 * electronDensity) * 1.1716263;
}

/** Excitons per ion for electronic recoils at high energy (0.18 at 2.90 g/cm³). */
export function excitonRatioER(energy: number, density: number): number {
  return (0.067366 + 0.039693 * density) * erf(0.05 * energy);
}

export interface MeanYields {
  /** Total quanta (excitons + ions). */
  quanta: number;
  /** Excitons per ion before recombination. */
  excitonRatio: number;
  photons: number;
  electrons: number;
  /** Mean energy per detected-or-not quantum actually produced, eV (1000·E/(photons+electrons)). */
  wEffective: number;
}

function betaChargeYield(e: number, f: number, quantaPerKeV: number, alpha: number): number {
  const m1 = 30.66 + (6.1978 - 30.66) / (1 + (f / 73.855) ** 2.0318) ** 0.41883;
  const m2 = 77.2931084;
  const m3 = 0.13946236 * Math.log10(f) + 0.52561312;
  const m4 = 1.82217496 + 1.00311313 / (1 + (f / 144.65029656) ** -2.80532006);
  const m5 = quantaPerKeV / (1 + alpha) - m1;
  const m7 = 7.02921301 + 91.25015493 / (1 + (f / 256.48156448) ** 1.29119251);
  const m8 = 4.285781736;
  const m9 = 0.3344049589;
  const m10 = 0.0508273937 + 0.0657813262 / (1 + (f / 139.26046) ** -0.65763592);
  return m1 + (m2 - m1) / (1 + (e / m3) ** m4) ** m9 + m5 - m5 / (1 + (e / m7) ** m8) ** m10;
}

function gammaChargeYield(e: number, f: number, density: number, w: number): number {
  const m1 = 33.951 - 30.6226 / (1 + (f / 165.34) ** 0.72665);
  const m5 = 23.156 - 12.419 / (1 + (f / 34.195) ** 0.87459);
  const m7 = 66.825 + 762.425 / (1 + (f / (240720 / density ** 8.2076)) ** 0.83344);
  return m1 + (1000 / w - m1) / (1 + (e / 2) ** 2) + m5 - m5 / (1 + (e / m7) ** 2);
}

/** Thomas–Imel box parameter ζ for nuclear recoils. */
export function nrZeta(field: number, density: number): number {
  return 0.048 * field ** -0.0533 * (density / REFERENCE_DENSITY) ** 0.3;
}

function electronic(recoil: 'er-beta' | 'er-gamma', e: number, f: number, density: number): MeanYields {
  const w = wValue(density);
  const quanta = (1000 * e) / w;
  const alpha = excitonRatioER(e, density);
  const qy = recoil === 'er-beta' ? betaChargeYield(e, f, quanta / e, alpha) : gammaChargeYield(e, f, density, w);
  const electrons = Math.min(quanta, Math.max(0, qy * e));
  return { quanta, excitonRatio: alpha, photons: quanta - electrons, electrons, wEffective: w };
}

function nuclear(e: number, f: number, density: number): MeanYields {
  const w = wValue(density);
  const quanta = 11 * e ** 1.1;
  const zeta = nrZeta(f, density);
  const threshold = 1 - 1 / (1 + (e / 0.3) ** 2);
  const qy = threshold / (zeta * Math.sqrt(e + 12.6));
  const electrons = Math.min(quanta, qy * e);
  const photons = Math.max(0, (quanta - electrons) * threshold);
  const ions = (4 / zeta) * Math.expm1((electrons * zeta) / 4);
  const excitonRatio = Math.max(0, (quanta - ions) / ions);
  const produced = photons + electrons;
  return { quanta, excitonRatio, photons, electrons, wEffective: produced > 0 ? (1000 * e) / produced : w };
}

/** Mean photons and electrons for a recoil of `energy` keV at `field` V/cm and `density` g/cm³. */
export function meanYields(recoil: Recoil, energy: number, field: number, density = REFERENCE_DENSITY): MeanYields {
  if (!(energy > 0)) return { quanta: 0, excitonRatio: 0, photons: 0, electrons: 0, wEffective: wValue(density) };
  return recoil === 'nr' ? nuclear(energy, field, density) : electronic(recoil, energy, field, density);
}

/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough for a yield model. */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}
