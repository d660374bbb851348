/** Mean energy to make one quantum (photon or electron) in liquid xenon, keV. */
export const W_KEV = 13.7e-3;

/** Detector conditions the corrections need, in straxen's units (ns, cm, cm/ns). */
export interface CorrectionConditions {
  /** Electron lifetime, ns. */
  readonly electronLifetime: number;
  /** S1 photoelectrons per photon emitted, averaged over the active volume. */
  readonly g1: number;
  /** S2 photoelectrons per electron leaving the interaction site (extraction × single-electron gain). */
  readonly g2: number;
  /** S1 light collection relative to the volume average: linear in depth/L and in r²/R² (see relativeS1Lce). */
  readonly lceDepthSlope: number;
  readonly lceRadialSlope: number;
  /**
   * S1 light lost on dead PMTs: the share reaching live PMTs from (x, y) at `depth` cm below the
   * gate, multiplying the linear light collection; 1 when absent.
   */
  readonly s1LiveShare?: (x: number, y: number, depth: number) => number;
  /** S2 yield relative to the centre as a function of (x, y); flat 1 when absent. */
  readonly s2XyMap?: (x: number, y: number) => number;
  /** Drift length L (cm), TPC radius R (cm), electron drift velocity (cm/ns). */
  readonly driftLength: number;
  readonly radius: number;
  readonly driftVelocity: number;
}

/**
 * S1 light collection at (x, y) and drift time t, relative to the volume average with every PMT
 * live: (1 + a·(depth − ½))·(1 + b·(r²/R² − ½)), depth = t·v/L, the form the simulator draws S1
 * light with (so its mean over a uniform cylinder is 1 and cS1 = S1 / this has mean g1 × photons),
 * times the share of the light reaching live PMTs when `s1LiveShare` is given.
 */
export function relativeS1Lce(c: CorrectionConditions, x: number, y: number, driftTime: number): number {
  const depth = (driftTime * c.driftVelocity) / c.driftLength;
  const r2 = (x * x + y * y) / (c.radius * c.radius);
  const linear = (1 + c.lceDepthSlope * (depth - 0.5)) * (1 + c.lceRadialSlope * (r2 - 0.5));
  // depth beyond the cathode (a drift time past the maximum) is taken at the cathode
  return c.s1LiveShare ? linear * c.s1LiveShare(x, y, Math.min(Math.max(depth, 0), 1) * c.driftLength) : linear;
}

/** Event columns the corrections read (event_basics names; absent peaks are NaN). */
export interface CorrectionEvents {
  readonly length: number;
  readonly columns: {
    readonly s1_area: Float32Array;
    readonly alt_s1_area: Float32Array;
    readonly s2_area: Float32Array;
    readonly alt_s2_area: Float32Array;
    readonly drift_time: Float32Array;
    readonly alt_s1_interaction_drift_time: Float32Array;
    readonly alt_s2_interaction_drift_time: Float32Array;
    readonly s2_x: Float32Array;
    readonly s2_y: Float32Array;
    readonly alt_s2_x: Float32Array;
    readonly alt_s2_y: Float32Array;
  };
}

export interface CorrectedAreaColumns {
  cs1: Float32Array;
  cs2: Float32Array;
  alt_cs1: Float32Array;
  alt_cs2: Float32Array;
  elife_correction: Float32Array;
  e_ces: Float32Array;
}

/**
 * cS1 = S1 / relative LCE at the main S2's (x, y) and the S1's drift time; cS2 = S2 · exp(t/τ) /
 * S2 map(x, y); e_ces = W·(cS1/g1 + cS2/g2) in keV. Alternative S1s take the interaction drift time
 * they would have with the main S2, alternative S2s theirs with the main S1 and their own (x, y).
 * NaN in (an absent peak or position) gives NaN out, never a silent default.
 */
export function correctAreas(events: CorrectionEvents, c: CorrectionConditions): CorrectedAreaColumns {
  const n = events.length;
  const e = events.columns;
  const out: CorrectedAreaColumns = {
    cs1: new Float32Array(n),
    cs2: new Float32Array(n),
    alt_cs1: new Float32Array(n),
    alt_cs2: new Float32Array(n),
    elife_correction: new Float32Array(n),
    e_ces: new Float32Array(n),
  };
  const s2Map = c.s2XyMap ?? (() => 1);
  for (let i = 0; i < n; i++) {
    const x = e.s2_x[i];
    const y = e.s2_y[i];
    const elife = Math.exp(e.drift_time[i] / c.electronLifetime);
    const cs1 = e.s1_area[i] / relativeS1Lce(c, x, y, e.drift_time[i]);
    const cs2 = (e.s2_area[i] * elife) / s2Map(x, y);
    out.cs1[i] = cs1;
    out.cs2[i] = cs2;
    out.elife_correction[i] = elife;
    out.e_ces[i] = W_KEV * (cs1 / c.g1 + cs2 / c.g2);
    out.alt_cs1[i] = e.alt_s1_area[i] / relativeS1Lce(c, x, y, e.alt_s1_interaction_drift_time[i]);
    out.alt_cs2[i] =
      (e.alt_s2_area[i] * Math.exp(e.alt_s2_interaction_drift_time[i] / c.electronLifetime)) /
      s2Map(e.alt_s2_x[i], e.alt_s2_y[i]);
  }
  return out;
}
