import { UserError } from '@dance/schema';

/** A site as rules see it: its name and attributes (from the catalog). */
export interface SiteInfo {
  name: string;
  attributes: Record<string, unknown>;
}

/**
 * Site expressions, after Rucio's RSE expressions: `tier=1 & country=it`, `surface | tape`,
 * `* \ uplink=true`. A bare word is a site name, or else an attribute that is true; `key=value`,
 * `key!=value`, `key<n`, `key>n` compare attributes; `*` is every site. `|` is union, `&`
 * intersection and `\` complement (difference), evaluated left to right; parentheses group.
 */
export function matchSites(expression: string, sites: readonly SiteInfo[]): Set<string> {
  const tokens = expression.match(/\s*([()|&\\]|[^()|&\\\s]+)/g)?.map((t) => t.trim()) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new UserError(`site expression '${expression}': ${why}`);
  };
  const all = new Set(sites.map((s) => s.name));

  const primary = (): Set<string> => {
    const token = tokens[at++];
    if (token === undefined) return fail('ends too early');
    if (token === '(') {
      const inner = union();
      if (tokens[at++] !== ')') fail('missing )');
      return inner;
    }
    if ('|&\\)'.includes(token)) return fail(`unexpected '${token}'`);
    if (token === '*') return new Set(all);
    const cmp = /^([A-Za-z0-9_.-]+)(!=|<=|>=|=|<|>)(.+)$/.exec(token);
    if (!cmp) {
      if (all.has(token)) return new Set([token]);
      return new Set(sites.filter((s) => isTrue(s.attributes[token])).map((s) => s.name));
    }
    const [, key, op, value] = cmp;
    return new Set(sites.filter((s) => compare(s.attributes[key], op, value)).map((s) => s.name));
  };
  const union = (): Set<string> => {
    let left = primary();
    // bounded: every step consumes at least two tokens
    while (at < tokens.length && '|&\\'.includes(tokens[at])) {
      const op = tokens[at++];
      const right = primary();
      if (op === '|') left = new Set([...left, ...right]);
      else if (op === '&') left = new Set([...left].filter((s) => right.has(s)));
      else left = new Set([...left].filter((s) => !right.has(s)));
    }
    return left;
  };
  if (tokens.length === 0) fail('is empty');
  const result = union();
  if (at < tokens.length) fail(`unexpected '${tokens[at]}'`);
  return result;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 1;
}

function compare(actual: unknown, op: string, wanted: string): boolean {
  if (actual === undefined || actual === null) return op === '!=';
  const text = String(actual);
  const a = Number(text);
  const b = Number(wanted);
  const numeric = text !== '' && wanted !== '' && Number.isFinite(a) && Number.isFinite(b);
  switch (op) {
    case '=':
      return numeric ? a === b : text === wanted;
    case '!=':
      return numeric ? a !== b : text !== wanted;
    default:
      if (!numeric) return false;
      return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
  }
}
