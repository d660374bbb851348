import { z } from 'zod';

/** Keys carry their unit in the name, so a detector file reads without a manual. */

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const fraction = z.number().min(0).max(1);

const pmtArray = z.union([
  z.strictObject({
    layout: z.literal('hex'),
    count: z.number().int().positive(),
    pitch_cm: positive,
  }),
  z.strictObject({
    positions_cm: z.array(z.tuple([z.number(), z.number()])).min(1),
  }),
]);

const afterpulse = z.strictObject({
  /** Probability per photoelectron. */
  probability: fraction,
  delay_us: positive,
  sigma_us: nonNegative,
});

export const detectorConfig = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  description: z.string().default(''),
  geometry: z.strictObject({
    radius_cm: positive,
    drift_length_cm: positive,
    /** Height of the top PMT plane above the liquid surface (sets the sharpness of the S2 top pattern). */
    top_array_height_cm: positive,
    /** Distance of the bottom PMT plane below the cathode. */
    bottom_array_depth_cm: positive,
  }),
  pmts: z.strictObject({
    top: pmtArray,
    bottom: pmtArray,
    /** Mean PMT gain in electrons per photoelectron. */
    gain: positive,
    /** Per-channel gains overriding `gain`, keyed by channel number. */
    gain_by_channel: z.record(z.string().regex(/^\d+$/), positive).default({}),
    /** σ/μ of the single-photoelectron area. */
    spe_resolution: z.number().min(0).max(1),
    dead_channels: z.array(z.number().int().nonnegative()).default([]),
    transit_time_ns: nonNegative,
    tts_fwhm_ns: nonNegative,
    /** Probability that one photon frees two photoelectrons. */
    double_pe_probability: fraction,
    afterpulses: z.array(afterpulse).default([]),
    dark_rate_hz: nonNegative,
  }),
  tpc: z.strictObject({
    drift_field_v_cm: positive,
    density_g_cm3: z.number().min(2).max(3.2),
    drift_velocity_mm_us: positive,
    electron_lifetime_us: positive,
    diffusion_longitudinal_cm2_s: nonNegative,
    diffusion_transverse_cm2_s: nonNegative,
    extraction_efficiency: z.number().gt(0).max(1),
    /** Mean photoelectrons of the S2 of one extracted electron (g2 = extraction_efficiency × this). */
    single_electron_gain_pe: positive,
    /** Mean delay of extracted electrons at the liquid surface. */
    electron_trapping_ns: nonNegative,
    /** Time one electron takes to cross the gas gap, emitting light uniformly. */
    s2_luminescence_ns: positive,
    s2_top_fraction: fraction,
    /** Rate of lone electrons emitted into the gas (a background of single-electron S2s). */
    single_electron_rate_hz: nonNegative,
  }),
  light: z.strictObject({
    /** Mean photoelectrons per S1 photon over the active volume (double photoelectrons included). */
    g1_pe_per_photon: z.number().gt(0).max(1),
    /** Relative LCE change from the gate (top) to the cathode (bottom): LCE ∝ 1 + slope·(depth/L − ½). */
    lce_depth_slope: z.number().gt(-2).lt(2),
    /** Relative LCE change with r²/R²: LCE ∝ 1 + slope·(r²/R² − ½). */
    lce_radial_slope: z.number().gt(-2).lt(2),
    s1_top_fraction_at_gate: fraction,
    s1_top_fraction_at_cathode: fraction,
  }),
  digitizer: z.strictObject({
    sample_ns: z.number().int().positive(),
    bits: z.number().int().min(8).max(16),
    range_v: positive,
    amplification: positive,
    impedance_ohm: positive,
    baseline_adc: z.number().int().positive(),
    noise_adc: nonNegative,
    zle_threshold_adc: z.number().int().positive(),
    /** Samples kept before and after each stretch over threshold. */
    zle_window_samples: z.number().int().nonnegative(),
    spe_rise_ns: positive,
    spe_fall_ns: positive,
    /** A measured SPE pulse (any units, sampled every 1 ns from the arrival); replaces rise/fall. */
    spe_shape: z
      .array(nonNegative)
      .min(2)
      .refine((a) => a.some((v) => v > 0), 'needs a non-zero sample')
      .optional(),
  }),
});

export type DetectorConfig = z.infer<typeof detectorConfig>;
export type DetectorConfigInput = z.input<typeof detectorConfig>;
