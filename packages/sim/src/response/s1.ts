import type { Detector } from '../detector/detector.js';
import type { Quanta } from '../physics/quanta.js';
import type { Recoil } from '../physics/recoil.js';
import { recombinationTime, scintillationDelay, singletFraction } from '../physics/timing.js';
import type { Random } from '../rng.js';
import type { HitBuffer } from './hits.js';
import { LightPattern } from './pattern.js';
import type { PeakTally } from './peak.js';
import { type Detection, PmtResponse } from './pmt.js';

/**
 * Light collection relative to the volume average: linear in depth and in r²/R², so that for
 * events uniform in the cylinder the mean is exactly 1 and the mean detected PE per photon is g1.
 */
export function lceRelative(det: Detector, x: number, y: number, z: number): number {
  const { geometry, light } = det.config;
  const depth = -z / geometry.drift_length_cm;
  const r2 = (x * x + y * y) / geometry.radius_cm ** 2;
  return (1 + light.lce_depth_slope * (depth - 0.5)) * (1 + light.lce_radial_slope * (r2 - 0.5));
}

/** The S1 response: detection by position, per-PMT pattern, scintillation timing, PMT effects. */
export class S1Response {
  readonly pattern: LightPattern;
  private readonly detection: Detection = { pe: 0, area: 0, time: 0 };

  constructor(
    private readonly det: Detector,
    private readonly pmt: PmtResponse,
  ) {
    this.pattern = new LightPattern(det);
  }

  /** Points the light pattern at (x, y, z). */
  aim(x: number, y: number, z: number): void {
    const { geometry, light } = this.det.config;
    const depth = -z / geometry.drift_length_cm;
    const top =
      light.s1_top_fraction_at_gate + (light.s1_top_fraction_at_cathode - light.s1_top_fraction_at_gate) * depth;
    this.pattern.set(
      x,
      y,
      -z + geometry.top_array_height_cm,
      geometry.drift_length_cm + z + geometry.bottom_array_depth_cm,
      top,
    );
  }

  /** Probability that a photon emitted at (x, y, z) is detected (reaches a photocathode and converts). */
  detectionProbability(x: number, y: number, z: number): number {
    const { light, pmts } = this.det.config;
    return Math.min(1, (light.g1_pe_per_photon / (1 + pmts.double_pe_probability)) * lceRelative(this.det, x, y, z));
  }

  /** Mean S1 photoelectrons per photon at (x, y, z), dead PMTs accounted for (what validation expects). */
  expectedPePerPhoton(x: number, y: number, z: number): number {
    this.aim(x, y, z);
    return (
      this.detectionProbability(x, y, z) *
      (1 + this.det.config.pmts.double_pe_probability) *
      this.pattern.liveFraction()
    );
  }

  simulate(
    rng: Random,
    x: number,
    y: number,
    z: number,
    time: number,
    quanta: Quanta,
    recoil: Recoil,
    energy: number,
    hits: HitBuffer,
    tally: PeakTally,
  ): void {
    tally.reset(time);
    const detected = rng.binomial(quanta.photons, this.detectionProbability(x, y, z));
    if (detected === 0) return;
    this.aim(x, y, z);
    const singlet = singletFraction(recoil);
    const recombinationNs = recoil === 'nr' ? 0 : recombinationTime(energy, this.det.config.tpc.drift_field_v_cm);
    const pRecombination = quanta.photons > 0 ? Math.max(0, quanta.photons - quanta.excitons) / quanta.photons : 0;
    const d = this.detection;
    for (let i = 0; i < detected; i++) {
      const ch = this.pattern.channel(rng.uniform());
      const t = time + scintillationDelay(rng, singlet, rng.uniform() < pRecombination, recombinationNs);
      this.pmt.detect(rng, ch, t, hits, d);
      tally.add(d.time, d.pe, d.area);
    }
  }
}

/**
 * Mean S1 photoelectrons per photon emitted at (x, y, z) in `det` (z ≤ 0 below the gate): what the
 * processing chain's S1 corrections must undo, dead PMTs included.
 */
export function meanS1PePerPhoton(det: Detector, x: number, y: number, z: number): number {
  return new S1Response(det, new PmtResponse(det)).expectedPePerPhoton(x, y, z);
}
