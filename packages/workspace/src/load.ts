import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '@dance/schema';
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { core } from 'zod';
import { configSchema, type WorkspaceConfig } from './config.js';

/** Reads and validates a dance.yaml; errors name the file, line and key. */
export function loadConfig(path: string): WorkspaceConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
  }
  return parseConfig(text, basename(path));
}

/**
 * Validates the text of a dance.yaml. `file` is how messages name it, e.g.
 * "dance.yaml:4: key 'data_dir': expected a string".
 */
export function parseConfig(text: string, file: string): WorkspaceConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    throw new UserError(`${file}:${line}: invalid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const data = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}:1: expected a mapping of keys such as 'version: 1'`);
  }
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;

  // Report the problem that comes first in the file: the one a reader meets first.
  const located = result.error.issues.map((issue) => {
    const { path, offset } = locate(doc.contents, issue);
    return { issue, path, line: offset === undefined ? 1 : lines.linePos(offset).line };
  });
  located.sort((a, b) => a.line - b.line);
  const { issue, path, line } = located[0];
  const more = located.length > 1 ? ` (and ${located.length - 1} more problem${located.length > 2 ? 's' : ''})` : '';
  throw new UserError(`${file}:${line}: key '${keyPath(path)}': ${describe(issue, data)}${more}`);
}

type Path = readonly PropertyKey[];

/** The key path an issue is about and where in the text it is. */
function locate(root: unknown, issue: core.$ZodIssue): { path: Path; offset?: number } {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  // Point at the key's line (a block value may start lines below it); a missing key has no node of
  // its own, so point at the nearest enclosing one.
  const parent = nodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === last) : undefined;
  if (pair) return { path, offset: (pair.key as Node).range?.[0] };
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(root, path.slice(0, n));
    if (node?.range) return { path, offset: node.range[0] };
  }
  return { path };
}

function nodeAt(root: unknown, path: Path): Node | undefined {
  let node = root as Node | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true) as Node | undefined;
  }
  return node;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function keyPath(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

function describe(issue: core.$ZodIssue, data: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const shape = issue.path.length === 0 ? Object.keys(configSchema.shape) : [];
      return shape.length ? `unknown key (known keys: ${shape.join(', ')})` : 'unknown key';
    }
    case 'invalid_type': {
      const got = valueAt(data, issue.path);
      if (got === undefined) return `missing, expected ${article(issue.expected)}`;
      return `expected ${article(issue.expected)}, got ${JSON.stringify(got)}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${JSON.stringify(valueAt(data, issue.path))}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
