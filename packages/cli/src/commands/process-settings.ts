import { type OptionSpec, type OptionValue, type Plugin, parseOptionText } from '@dance/pipeline';
import { UserError } from '@dance/schema';
import { buildDetector, type DetectorConfig } from '@dance/sim';
import type { Store } from '@dance/store';

/** `--set name=value` texts as option values, typed by the plugins' declarations. */
export function parseSettings(plugins: readonly Plugin[], texts: readonly string[]): Record<string, OptionValue> {
  const specs = new Map<string, OptionSpec>();
  for (const p of plugins) for (const o of p.options) specs.set(o.name, o);
  const out: Record<string, OptionValue> = {};
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq < 1) throw new UserError(`--set '${text}': expected option=value`);
    const name = text.slice(0, eq);
    const spec = specs.get(name);
    if (!spec) throw new UserError(`--set: unknown option '${name}'; known: ${[...specs.keys()].sort().join(', ')}`);
    out[name] = parseOptionText(spec, text.slice(eq + 1));
  }
  return out;
}

/**
 * Gains (to_pe, PE per ADC·sample) and the top-array size from the detector the simulator recorded
 * in the run's raw_records provenance. UserError for a run without one (imported from strax).
 */
export function gainSettings(store: Store, run: string): Record<string, OptionValue> {
  const [key] = store.list({ run, type: 'raw_records' });
  const config = key ? (store.manifest(key).provenance as { detector_config?: DetectorConfig } | undefined) : undefined;
  if (!config?.detector_config) {
    throw new UserError(
      `run ${run} has no detector in its raw_records provenance (imported?): use --strax-compat --set to_pe=<gain> --set n_top_channels=<n>`,
    );
  }
  const detector = buildDetector(config.detector_config);
  return { to_pe: Array.from(detector.adcPerPe, (a) => 1 / a), n_top_channels: detector.topChannels };
}
