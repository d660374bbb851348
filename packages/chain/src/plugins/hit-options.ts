import type { OptionSpec, OptionValues } from '@dance/pipeline';
import type { HitOptions } from '@dance/signal';

/** Hit-finding options, shared by name between the hits and peaklets plugins (as straxen's config is). */
export const HIT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'hit_min_amplitude',
    type: 'numbers',
    default: 15,
    tracked: true,
    description: 'minimum hit amplitude in ADC above baseline, one value or one per channel (straxen: 15)',
  },
  {
    name: 'hit_min_height_over_noise',
    type: 'numbers',
    default: 0,
    tracked: true,
    description: 'threshold in units of the baseline rms, one value or one per channel (strax: 0)',
  },
];

export function hitOptions(o: OptionValues): HitOptions {
  return {
    minAmplitude: o.hit_min_amplitude as HitOptions['minAmplitude'],
    minHeightOverNoise: o.hit_min_height_over_noise as HitOptions['minHeightOverNoise'],
  };
}
