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

export function pulseTemplate(sampleNs: number, riseNs: number, fallNs: number): PulseTemplate {
  const cumulative = (t: number) => {
    if (t <= 0) return 0;
    if (Math.abs(fallNs - riseNs) < 1e-9) return 1 - Math.exp(-t / fallNs) * (1 + t / fallNs);
    return (fallNs * -Math.expm1(-t / fallNs) - riseNs * -Math.expm1(-t / riseNs)) / (fallNs - riseNs);
  };
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
