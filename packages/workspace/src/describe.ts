import { stringify } from 'yaml';
import { z } from 'zod';
import { CONFIG_FILE, configSchema } from './config.js';

interface KeyInfo {
  key: string;
  type: string;
  required: boolean;
  /** The fixed value of a literal, or the default. */
  value?: unknown;
  description: string;
}

/** The top-level keys of dance.yaml as the schema declares them. */
export function configKeys(): KeyInfo[] {
  const json = z.toJSONSchema(configSchema, { io: 'input' }) as {
    properties: Record<string, { type?: string; const?: unknown; default?: unknown; description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([key, p]) => ({
    key,
    type: p.type ?? 'object',
    required: json.required?.includes(key) ?? false,
    value: p.const ?? p.default,
    description: p.description ?? '',
  }));
}

/** The reference page docs/config.md. */
export function configMarkdown(): string {
  const out = [
    '# Workspace configuration',
    '',
    '<!-- Generated from packages/workspace/src/config.ts by `npm run docs`; do not edit by hand. -->',
    '',
    `A DANCE workspace is a directory holding a \`${CONFIG_FILE}\` file; \`dance init [DIR]\` creates one.`,
    'Commands find it from `--workspace DIR`, then the `DANCE_WORKSPACE` environment variable, then the',
    `nearest \`${CONFIG_FILE}\` in the current directory or above. Unknown keys are errors, and every error`,
    'names the file, line and key.',
    '',
  ];
  const rows = configKeys().map((k) => [
    `\`${k.key}\``,
    k.type,
    k.required ? 'yes' : 'no',
    k.value === undefined ? '' : `\`${JSON.stringify(k.value)}\``,
    k.description,
  ]);
  out.push(...markdownTable(['key', 'type', 'required', 'default', 'description'], rows));
  return `${out.join('\n')}\n`;
}

/** A commented dance.yaml with every key that has a value: fixed, default or given in `values`. */
export function configTemplate(values: Record<string, unknown>): string {
  const out = ['# DANCE workspace configuration. Every key is described in docs/config.md.', ''];
  for (const k of configKeys()) {
    const value = values[k.key] ?? k.value;
    if (value === undefined) continue;
    out.push(`# ${k.description}`, stringify({ [k.key]: value }).trimEnd(), '');
  }
  return out.join('\n');
}

/** A table with padded columns, as the repository's formatter (Biome) lays Markdown tables out. */
function markdownTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
