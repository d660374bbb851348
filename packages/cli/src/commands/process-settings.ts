import { readFileSync } from 'node:fs';
import type { Catalog, ResolvedCondition } from '@dance/catalog';
import { type OptionSpec, type OptionValue, type Plugin, parseOptionText, pluginsFor } from '@dance/pipeline';
import { UserError } from '@dance/schema';
import { type DetectorConfig, processingOptions } from '@dance/sim';
import type { Store } from '@dance/store';
import { isMap, isNode, isScalar, LineCounter, type Node, parseDocument } from 'yaml';

/** Every plugin option by name. */
function optionSpecs(plugins: readonly Plugin[]): Map<string, OptionSpec> {
  const specs = new Map<string, OptionSpec>();
  for (const p of plugins) for (const o of p.options) specs.set(o.name, o);
  return specs;
}

function unknownOption(where: string, name: string, specs: Map<string, OptionSpec>): UserError {
  const known = [...specs.keys()].sort().join(', ');
  return new UserError(`${where}: unknown option '${name}'; known: ${known} (dance options says what each does)`);
}

/** `--set name=value` texts as option values, typed by the plugins' declarations. */
export function parseSettings(plugins: readonly Plugin[], texts: readonly string[]): Record<string, OptionValue> {
  const specs = optionSpecs(plugins);
  const out: Record<string, OptionValue> = {};
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq < 1) throw new UserError(`--set '${text}': expected option=value`);
    const name = text.slice(0, eq);
    const spec = specs.get(name);
    if (!spec) throw unknownOption('--set', name, specs);
    out[name] = parseOptionText(spec, text.slice(eq + 1));
  }
  return out;
}

/**
 * `--settings <file>`: option values from a YAML (or JSON) mapping, e.g. a detector's PMT map
 * (`pmt_x: [...]`) that is too long for `--set`. Each value goes through the same parser as a
 * `--set` text, so both accept the same values; errors name the file, line and key.
 */
export function settingsFromFile(plugins: readonly Plugin[], path: string): Record<string, OptionValue> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(
      `--settings: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax)
    throw new UserError(`${path}:${lines.linePos(syntax.pos[0]).line}: invalid YAML: ${syntax.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new UserError(`${path}:1: expected a mapping of option: value, e.g. 'to_pe: 0.005'`);
  const specs = optionSpecs(plugins);
  const out: Record<string, OptionValue> = {};
  for (const pair of doc.contents.items) {
    const where = `${path}:${lines.linePos((pair.key as Node | null)?.range?.[0] ?? 0).line}`;
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const spec = specs.get(name);
    if (!spec) throw unknownOption(where, name, specs);
    const value: unknown = isNode(pair.value) ? pair.value.toJSON() : pair.value;
    const scalar = (v: unknown) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
    if (!(scalar(value) || (Array.isArray(value) && value.length > 0 && value.every(scalar)))) {
      throw new UserError(
        `${where}: option '${name}': expected a value or a list of values, got ${JSON.stringify(value)}`,
      );
    }
    try {
      out[name] = parseOptionText(spec, Array.isArray(value) ? `[${value.join(',')}]` : String(value));
    } catch (err) {
      if (err instanceof UserError) throw new UserError(`${where}: ${err.message}`);
      throw err;
    }
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
      `run ${run} has no detector in its raw_records provenance (imported?): use --strax-compat --set to_pe=<gain> --set n_top_channels=<n> (or the same in a --settings file)`,
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
  const used = pluginsFor(plugins, target);
  return conditions
    .filter((c) => used.some((p) => p.options.some((o) => o.name === c.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
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
