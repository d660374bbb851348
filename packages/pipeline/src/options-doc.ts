import { UserError } from '@dance/schema';
import type { OptionSpec, Plugin } from './plugin.js';

/**
 * The plugins `target` is made from, inputs before the plugins that use them; every plugin, in that
 * order, when `target` is undefined. UserError for a type no plugin makes.
 */
export function pluginsFor(plugins: readonly Plugin[], target?: string): Plugin[] {
  const byType = new Map(plugins.map((p) => [p.provides.name, p]));
  const out: Plugin[] = [];
  const visiting = new Set<string>();
  const visit = (type: string) => {
    const p = byType.get(type);
    if (!p || out.includes(p)) return;
    if (visiting.has(type)) throw new Error(`plugins depend on each other in a cycle through '${type}'`);
    visiting.add(type);
    for (const input of p.dependsOn) visit(input);
    out.push(p);
  };
  if (target === undefined) for (const p of plugins) visit(p.provides.name);
  else if (byType.has(target)) visit(target);
  else throw new UserError(`no plugin makes '${target}'; known: ${plugins.map((p) => p.provides.name).join(', ')}`);
  return out;
}

/** An option's default as written after `--set name=`, or 'required'. */
export function optionDefault(spec: OptionSpec): string {
  if (spec.default === undefined) return 'required';
  return Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
}

/**
 * The options of `plugins` (as pluginsFor orders them) as Markdown: a table per plugin, each option
 * under the first plugin that declares it and named again under the others.
 */
export function optionsMarkdown(plugins: readonly Plugin[]): string {
  const seen = new Map<string, string>();
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const parts: string[] = [];
  for (const p of plugins) {
    const from = p.dependsOn.length ? ` from ${p.dependsOn.join(', ')}` : '';
    parts.push(`## ${p.name}`, '', `Makes \`${p.provides.name}\`${from} (version ${p.version}).`, '');
    const own = p.options.filter((o) => !seen.has(o.name));
    const shared = p.options.filter((o) => seen.has(o.name));
    if (own.length > 0) {
      parts.push('| option | type | default | lineage | description |', '| --- | --- | --- | --- | --- |');
      for (const o of own) {
        const tracked = o.tracked ? 'tracked' : 'untracked';
        parts.push(`| \`${o.name}\` | ${o.type} | ${cell(optionDefault(o))} | ${tracked} | ${cell(o.description)} |`);
        seen.set(o.name, p.name);
      }
      parts.push('');
    }
    if (shared.length > 0) {
      parts.push(`Also uses ${shared.map((o) => `\`${o.name}\` (see ${seen.get(o.name)})`).join(', ')}.`, '');
    }
    if (p.options.length === 0) parts.push('No options.', '');
  }
  return parts.join('\n');
}
