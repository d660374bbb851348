import type { DetectorConfig } from './config.js';
import { hexGrid } from './hex.js';
import { type PulseTemplate, pulseTemplate } from './pulse.js';

const ELEMENTARY_CHARGE = 1.602176634e-19;

/** A detector config with everything the response chain needs precomputed per channel. */
export interface Detector {
  readonly config: DetectorConfig;
  readonly channels: number;
  /** Channels 0..topChannels−1 are the top array, the rest the bottom array. */
  readonly topChannels: number;
  readonly pmtX: Float64Array;
  readonly pmtY: Float64Array;
  readonly alive: Uint8Array;
  /** Digitized area of one photoelectron, ADC·samples, per channel. */
  readonly adcPerPe: Float64Array;
  readonly pulse: PulseTemplate;
  /** Time for an electron to drift from the cathode to the gate, ns. */
  readonly maxDriftNs: number;
  /** Photoelectrons per electron leaving the interaction site (extraction × single-electron gain). */
  readonly g2: number;
}

export function pmtPositions(array: DetectorConfig['pmts']['top']): [number, number][] {
  return 'layout' in array ? hexGrid(array.count, array.pitch_cm) : array.positions_cm;
}

export function buildDetector(config: DetectorConfig): Detector {
  const top = pmtPositions(config.pmts.top);
  const bottom = pmtPositions(config.pmts.bottom);
  const all = [...top, ...bottom];
  const channels = all.length;
  const pmtX = Float64Array.from(all, (p) => p[0]);
  const pmtY = Float64Array.from(all, (p) => p[1]);
  const alive = new Uint8Array(channels).fill(1);
  for (const ch of config.pmts.dead_channels) alive[ch] = 0;
  const d = config.digitizer;
  // charge × load × amplification, in ADC counts × seconds, divided by the sample length
  const adcPerElectron =
    (ELEMENTARY_CHARGE * d.impedance_ohm * d.amplification) / (d.range_v / 2 ** d.bits) / (d.sample_ns * 1e-9);
  const adcPerPe = new Float64Array(channels);
  for (let ch = 0; ch < channels; ch++) {
    adcPerPe[ch] = adcPerElectron * (config.pmts.gain_by_channel[String(ch)] ?? config.pmts.gain);
  }
  return {
    config,
    channels,
    topChannels: top.length,
    pmtX,
    pmtY,
    alive,
    adcPerPe,
    pulse: pulseTemplate(d.sample_ns, d.spe_rise_ns, d.spe_fall_ns, d.spe_shape),
    maxDriftNs: ((config.geometry.drift_length_cm * 10) / config.tpc.drift_velocity_mm_us) * 1000,
    g2: config.tpc.extraction_efficiency * config.tpc.single_electron_gain_pe,
  };
}
