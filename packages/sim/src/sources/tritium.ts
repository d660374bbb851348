import type { Random } from '../rng.js';

const Q_KEV = 18.5898;
const ELECTRON_MASS_KEV = 510.999;
const FINE_STRUCTURE = 1 / 137.036;
const DAUGHTER_Z = 2;

/** Allowed beta spectrum dN/dE ∝ F(Z, E)·p·E_total·(Q − E)², non-relativistic Fermi function. */
export function tritiumSpectrum(energy: number): number {
  if (energy <= 0 || energy >= Q_KEV) return 0;
  const total = energy + ELECTRON_MASS_KEV;
  const momentum = Math.sqrt(total * total - ELECTRON_MASS_KEV * ELECTRON_MASS_KEV);
  const eta = (DAUGHTER_Z * FINE_STRUCTURE * total) / momentum;
  const fermi = (2 * Math.PI * eta) / -Math.expm1(-2 * Math.PI * eta);
  return fermi * momentum * total * (Q_KEV - energy) ** 2;
}

let peak = 0;
function spectrumPeak(): number {
  if (peak === 0) {
    for (let e = 0.01; e < Q_KEV; e += 0.01) peak = Math.max(peak, tritiumSpectrum(e));
    peak *= 1.01;
  }
  return peak;
}

/** One tritium beta energy, keV (rejection sampling under the spectrum's maximum). */
export function tritiumEnergy(rng: Random): number {
  const top = spectrumPeak();
  for (;;) {
    const e = Q_KEV * rng.uniform();
    if (rng.uniform() * top < tritiumSpectrum(e)) return e;
  }
}
