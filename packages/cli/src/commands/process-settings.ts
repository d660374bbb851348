import type { Catalog, ResolvedCondition } from '@dance/catalog';
import { type OptionSpec, type OptionValue, type Plugin, parseOptionText } from '@dance/pipeline';
import { UserError } from '@dance/schema';
import { type DetectorConfig, processingOptions } from '@dance/sim';
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
 * The processing options (processingOptions) of the detector the simulator recorded in the run's
 * raw_records provenance. UserError for a run without one (imported from strax).
 */
export function detectorSettings(store: Store, run: string): Record<string, OptionValue> {
  const [key] = store.list({ run, type: 'raw_records' });
  const config = key ? (store.manifest(key).provenance as { detector_config?: DetectorConfig } | undefined) : undefined;
  if (!config?.detector_config) {
    throw new UserError(
      `run ${run} has no detector in its raw_records provenance (imported?): use --strax-compat --set to_pe=<gain> --set n_top_channels=<n>`,
    );
  }
  return processingOptions(config.detector_config);
}

/** Options of the plugins a target is made from that are detector conditions (sorted by name). */
export function conditionsFor(
  plugins: readonly Plugin[],
  target: string,
  conditions: readonly OptionSpec[],
): OptionSpec[] {
  const byType = new Map(plugins.map((p) => [p.provides.name, p]));
  const found = new Set<OptionSpec>();
  const seen = new Set<string>();
  const visit = (type: string) => {
    const p = byType.get(type);
    if (!p || seen.has(type)) return;
    seen.add(type);
    for (const o of conditions) if (p.options.some((x) => x.name === o.name)) found.add(o);
    p.dependsOn.forEach(visit);
  };
  visit(target);
  return [...found].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Values of the condition options, each resolved for `run` from the catalog condition of the same
 * name through global tag `tag`, with the exact versions used. UserError naming condition and tag
 * when one is missing or its value does not fit the option (a NaN, stored by JSON as null or text).
 */
export async function resolveConditionSettings(
  catalog: Catalog,
  run: string,
  tag: string,
  options: readonly OptionSpec[],
): Promise<{ settings: Record<string, OptionValue>; used: ResolvedCondition[] }> {
  const settings: Record<string, OptionValue> = {};
  const used: ResolvedCondition[] = [];
  for (const option of options) {
    const c = await catalog.resolveCondition(tag, option.name, { run });
    const ok = option.type === 'string' ? typeof c.value === 'string' : Number.isFinite(c.value);
    if (!ok) {
      throw new UserError(
        `condition '${c.name}'@${c.version} in global tag '${tag}' is ${JSON.stringify(c.value)}, not ${option.type === 'string' ? 'a string' : 'a finite number'}`,
      );
    }
    settings[c.name] = c.value as OptionValue;
    used.push(c);
  }
  return { settings, used };
}
