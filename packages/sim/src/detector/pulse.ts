/** Sub-sample phases at which the SPE pulse template is tabulated. */
export const PULSE_PHASES = 10;

/**
 * The single-photoelectron pulse shape (a two-exponential: rise and fall) integrated over each
 * digitizer sample, tabulated for PULSE_PHASES arrival phases within a sample so that digitizing a
 * photoelectron is a table lookup. Row `p` holds the area fractions of samples 0..length−1 for a
 * photoelectron arriving p/PULSE_PHASES of a sample after the sample start; each row sums to 1.
 */
export interface PulseTemplate {
  readonly length: number;
  readonly fractions: Float32Array;
}

/** Cumulative area (0 → 1) of the two-exponential pulse exp(−t/fall) − exp(−t/rise). */
function twoExponential(riseNs: number, fallNs: number): (t: number) => number {
  return (t) => {
    if (t <= 0) return 0;
    if (Math.abs(fallNs - riseNs) < 1e-9) return 1 - Math.exp(-t / fallNs) * (1 + t / fallNs);
    return (fallNs * -Math.expm1(-t / fallNs) - riseNs * -Math.expm1(-t / riseNs)) / (fallNs - riseNs);
  };
}

/** Cumulative area (0 → 1) of a measured pulse shape sampled every 1 ns (linear between points). */
function sampledShape(shape: readonly number[]): (t: number) => number {
  const cum = [0];
  for (let i = 1; i < shape.length; i++) cum.push(cum[i - 1] + (shape[i - 1] + shape[i]) / 2);
  const total = cum[cum.length - 1];
  return (t) => {
    if (t <= 0) return 0;
    if (t >= shape.length - 1) return 1;
    const i = Math.floor(t);
    const f = t - i;
    // exact integral of the linear segment up to t
    const partial = f * shape[i] + (f * f * (shape[i + 1] - shape[i])) / 2;
    return (cum[i] + partial) / total;
  };
}

/**
 * The SPE template from the digitizer config: a measured shape (`spe_shape`, 1 ns steps) when
 * given, else the two-exponential with `spe_rise_ns` and `spe_fall_ns`.
 */
export function pulseTemplate(
  sampleNs: number,
  riseNs: number,
  fallNs: number,
  shape?: readonly number[],
): PulseTemplate {
  const cumulative = shape ? sampledShape(shape) : twoExponential(riseNs, fallNs);
  let tail = sampleNs;
  while (cumulative(tail) < 0.999) tail += sampleNs;
  const length = Math.round(tail / sampleNs) + 1;
  const fractions = new Float32Array(PULSE_PHASES * length);
  for (let p = 0; p < PULSE_PHASES; p++) {
    const offset = (p * sampleNs) / PULSE_PHASES;
    let sum = 0;
    for (let k = 0; k < length; k++) {
      const f = cumulative((k + 1) * sampleNs - offset) - cumulative(k * sampleNs - offset);
      fractions[p * length + k] = f;
      sum += f;
    }
    for (let k = 0; k < length; k++) fractions[p * length + k] /= sum;
  }
  return { length, fractions };
}
