import type { DetectorConfig } from './config.js';
import { buildDetector } from './detector.js';

/**
 * What processing a run needs to know about the detector that made it, keyed by the processing
 * chain's option names (gains, the PMT map, the light model's geometry, the drift geometry), in its
 * units (cm, cm/ns). Declared once here so the CLI and the chain's tests derive the same settings.
 */
export function processingOptions(config: DetectorConfig): Record<string, number | number[] | string> {
  const detector = buildDetector(config);
  const { geometry, tpc, pmts } = config;
  const dead = pmts.dead_channels;
  return {
    to_pe: Array.from(detector.adcPerPe, (a) => 1 / a),
    n_top_channels: detector.topChannels,
    pmt_x: Array.from(detector.pmtX),
    pmt_y: Array.from(detector.pmtY),
    dead_pmts: dead.length > 0 ? [...dead] : -1,
    // the simulator emits S2 light at the top array's height above the liquid surface
    s2_light_height: geometry.top_array_height_cm,
    s2_bottom_light_height: geometry.drift_length_cm + geometry.bottom_array_depth_cm,
    s2_area_fraction_top: tpc.s2_top_fraction,
    // S1 light aimed at dead PMTs is lost too (LightPattern): the chain restores it
    s1_xyz_map: 'light_model',
    s1_area_fraction_top: [config.light.s1_top_fraction_at_gate, config.light.s1_top_fraction_at_cathode],
    max_drift_length: geometry.drift_length_cm,
    electron_drift_velocity: tpc.drift_velocity_mm_us * 1e-4,
    tpc_radius: geometry.radius_cm,
  };
}
