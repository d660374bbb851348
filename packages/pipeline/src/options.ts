import { UserError } from '@dance/schema';
import type { OptionSpec, OptionValue, OptionValues, Plugin } from './plugin.js';

/**
 * The plugin's option values: settings by option name (shared by every plugin that declares the
 * name, as strax's config is), else the default. UserError for a missing required option or a
 * value of the wrong type.
 */
export function resolveOptions(plugin: Plugin, settings: Readonly<Record<string, OptionValue>>): OptionValues {
  const out: Record<string, OptionValue> = {};
  for (const spec of plugin.options) {
    const value = settings[spec.name] ?? spec.default;
    if (value === undefined) {
      throw new UserError(`plugin ${plugin.name}: option '${spec.name}' has no default; set it (${spec.description})`);
    }
    out[spec.name] = checkValue(plugin, spec, value);
  }
  return out;
}

/** Parses a `--set name=value` text into a value of the option's type. */
export function parseOptionText(spec: OptionSpec, text: string): OptionValue {
  switch (spec.type) {
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new UserError(`option '${spec.name}': '${text}' is not true or false`);
    case 'string':
      return text;
    case 'numbers':
      if (text.includes(',') || text.startsWith('[')) {
        return text
          .replace(/^\[|\]$/g, '')
          .split(',')
          .map((x) => parseNumber(spec, x));
      }
      return parseNumber(spec, text);
    default:
      return parseNumber(spec, text);
  }
}

function parseNumber(spec: OptionSpec, text: string): number {
  const x = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(x))
    throw new UserError(`option '${spec.name}': '${text}' is not a number`);
  return x;
}

function checkValue(plugin: Plugin, spec: OptionSpec, value: OptionValue): OptionValue {
  const bad = (what: string) =>
    new UserError(`plugin ${plugin.name}: option '${spec.name}' must be ${what}, got ${JSON.stringify(value)}`);
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      return value;
    case 'string':
      if (typeof value !== 'string') throw bad('a string');
      return value;
    case 'integer':
      if (!Number.isInteger(value)) throw bad('an integer');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a finite number');
      return value;
    case 'numbers':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x)))
        return value;
      throw bad('a finite number or a non-empty list of them');
  }
}

/** The values of tracked options only: what enters the lineage. */
export function trackedOptions(plugin: Plugin, values: OptionValues): OptionValues {
  return Object.fromEntries(plugin.options.filter((o) => o.tracked).map((o) => [o.name, values[o.name]]));
}
