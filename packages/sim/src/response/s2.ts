import type { Detector } from '../detector/detector.js';
import type { Random } from '../rng.js';
import type { HitBuffer } from './hits.js';
import { LightPattern } from './pattern.js';
import type { PeakTally } from './peak.js';
import type { Detection, PmtResponse } from './pmt.js';

/** Gas scintillation: singlet 5.88 ns with fraction 0.35, triplet 100.1 ns. */
const GAS_SINGLET_NS = 5.88;
const GAS_TRIPLET_NS = 100.1;
const GAS_SINGLET_FRACTION = 0.35;

/** Drift speed in cm/ns from the configured mm/µs. */
function cmPerNs(det: Detector): number {
  return det.config.tpc.drift_velocity_mm_us * 1e-4;
}

export function driftTime(det: Detector, z: number): number {
  return -z / cmPerNs(det);
}

/** σ of the electron-cloud arrival time from longitudinal diffusion after drifting `driftNs`. */
export function diffusionSigma(det: Detector, driftNs: number): number {
  return Math.sqrt(2 * det.config.tpc.diffusion_longitudinal_cm2_s * driftNs * 1e-9) / cmPerNs(det);
}

/**
 * Expected standard deviation of S2 photoelectron times: diffusion, trapping delay, uniform
 * luminescence, gas decay and transit-time spread add in quadrature. Given the numbers of
 * electrons and photons in the peak, it is the expectation of the sample σ of that finite cloud:
 * per-electron terms shrink by 1 − 1/electrons, per-photon terms by 1 − 1/photons.
 */
export function expectedS2Width(det: Detector, driftNs: number, electrons = Infinity, photons = Infinity): number {
  const { tpc, pmts } = det.config;
  const gasMean = GAS_SINGLET_FRACTION * GAS_SINGLET_NS + (1 - GAS_SINGLET_FRACTION) * GAS_TRIPLET_NS;
  const gasSecond = 2 * (GAS_SINGLET_FRACTION * GAS_SINGLET_NS ** 2 + (1 - GAS_SINGLET_FRACTION) * GAS_TRIPLET_NS ** 2);
  const perElectron = diffusionSigma(det, driftNs) ** 2 + tpc.electron_trapping_ns ** 2;
  const perPhoton = tpc.s2_luminescence_ns ** 2 / 12 + (gasSecond - gasMean ** 2) + (pmts.tts_fwhm_ns / 2.3548) ** 2;
  return Math.sqrt(perElectron * (1 - 1 / electrons) + perPhoton * (1 - 1 / photons));
}

/** Transverse diffusion: electrons take the pattern of the nearest node of a 5 × 5 grid spaced σ_xy. */
const GRID_HALF = 2;
const GRID_SIDE = 2 * GRID_HALF + 1;

/** σ of the transverse displacement of drifting electrons after `driftNs`, cm. */
export function transverseSigma(det: Detector, driftNs: number): number {
  return Math.sqrt(2 * det.config.tpc.diffusion_transverse_cm2_s * driftNs * 1e-9);
}

/** The S2 response: drift, electron lifetime, diffusion, extraction and proportional light. */
export class S2Response {
  /** The pattern at the cloud centre (used for lone electrons and validation). */
  readonly pattern: LightPattern;
  private readonly grid: LightPattern[];
  private readonly detection: Detection = { pe: 0, area: 0, time: 0 };
  private readonly photonsPerElectron: number;

  constructor(
    private readonly det: Detector,
    private readonly pmt: PmtResponse,
  ) {
    this.grid = Array.from({ length: GRID_SIDE * GRID_SIDE }, () => new LightPattern(det));
    this.pattern = this.grid[GRID_HALF * GRID_SIDE + GRID_HALF];
    this.photonsPerElectron = det.config.tpc.single_electron_gain_pe / (1 + det.config.pmts.double_pe_probability);
  }

  /** Points the S2 pattern at (x, y): sharp on the top array, broad on the bottom. */
  aim(x: number, y: number, pattern = this.pattern): void {
    const { geometry, tpc } = this.det.config;
    pattern.set(
      x,
      y,
      geometry.top_array_height_cm,
      geometry.drift_length_cm + geometry.bottom_array_depth_cm,
      tpc.s2_top_fraction,
    );
  }

  /** Share of S2 light from (x, y) that reaches live PMTs (what validation expects of g2). */
  liveFraction(x: number, y: number): number {
    this.aim(x, y);
    return this.pattern.liveFraction();
  }

  /**
   * Drifts `electrons` from depth z (event time `time`) and makes their S2. Returns the number of
   * extracted electrons; photoelectron totals go to `tally`.
   */
  simulate(
    rng: Random,
    x: number,
    y: number,
    z: number,
    time: number,
    electrons: number,
    hits: HitBuffer,
    tally: PeakTally,
  ): number {
    const { tpc } = this.det.config;
    const drift = driftTime(this.det, z);
    tally.reset(time + drift);
    const survivors = rng.binomial(electrons, Math.exp(-drift / (tpc.electron_lifetime_us * 1000)));
    const extracted = rng.binomial(survivors, tpc.extraction_efficiency);
    if (extracted === 0) return 0;
    const sigma = diffusionSigma(this.det, drift);
    // transverse diffusion: each electron's own (x, y) offset picks the nearest of 25 patterns
    // around the cloud centre (exact per-electron patterns would cost a 494-channel sum each)
    const sigmaXY = transverseSigma(this.det, drift);
    const spread = sigmaXY > 1e-3;
    if (spread) {
      for (let i = -GRID_HALF; i <= GRID_HALF; i++) {
        for (let j = -GRID_HALF; j <= GRID_HALF; j++) {
          this.aim(x + i * sigmaXY, y + j * sigmaXY, this.grid[(i + GRID_HALF) * GRID_SIDE + j + GRID_HALF]);
        }
      }
    } else this.aim(x, y);
    const node = (v: number) => Math.min(GRID_HALF, Math.max(-GRID_HALF, Math.round(v))) + GRID_HALF;
    for (let e = 0; e < extracted; e++) {
      const arrival = time + drift + sigma * rng.normal() + rng.exponential(tpc.electron_trapping_ns);
      const dx = rng.normal();
      const dy = rng.normal();
      const pattern = spread ? this.grid[node(dx) * GRID_SIDE + node(dy)] : this.pattern;
      this.luminesce(rng, arrival, hits, tally, pattern);
    }
    return extracted;
  }

  /** Light of one electron crossing the gas gap, starting at `start`, landing by `pattern` (aimed). */
  luminesce(rng: Random, start: number, hits: HitBuffer, tally: PeakTally, pattern = this.pattern): void {
    const { tpc } = this.det.config;
    const photons = rng.poisson(this.photonsPerElectron);
    const d = this.detection;
    for (let p = 0; p < photons; p++) {
      const decay = rng.exponential(rng.uniform() < GAS_SINGLET_FRACTION ? GAS_SINGLET_NS : GAS_TRIPLET_NS);
      const t = start + tpc.s2_luminescence_ns * rng.uniform() + decay;
      this.pmt.detect(rng, pattern.channel(rng.uniform()), t, hits, d);
      tally.add(d.time, d.pe, d.area);
    }
  }
}
