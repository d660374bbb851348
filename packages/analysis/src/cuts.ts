import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '@dance/schema';
import { parse } from 'yaml';
import type { AnalysisSession } from './session.js';
import { quoteIdent } from './sql.js';

export interface Cut {
  name: string;
  /** SQL predicate over the table's columns; a row passes when it is true (NULL fails). */
  expr: string;
  description?: string;
}

/** A versioned, named list of cuts from one file; `lineage` hashes its content. */
export interface CutSet {
  file: string;
  name: string;
  version: number;
  cuts: Cut[];
  lineage: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Reads a cut file (YAML): `name`, `version`, and `cuts: [{name, expr, description}]`. Expressions
 * must be single SQL expressions: statement separators and comments are refused here, and
 * `checkCuts` binds each against the table.
 */
export function loadCuts(file: string): CutSet {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: cannot read cut file: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseCuts(data, file);
}

export function parseCuts(data: unknown, file: string): CutSet {
  const obj = data as Record<string, unknown>;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new UserError(`${file}: expected a mapping with keys name, version, cuts`);
  }
  const name = obj.name;
  if (typeof name !== 'string' || !NAME.test(name))
    throw new UserError(`${file}: key 'name': expected a name like 'wimp-selection'`);
  const version = obj.version;
  if (!Number.isInteger(version) || (version as number) < 1)
    throw new UserError(`${file}: key 'version': expected a positive integer`);
  if (!Array.isArray(obj.cuts) || obj.cuts.length === 0)
    throw new UserError(`${file}: key 'cuts': expected a non-empty list`);
  const seen = new Set<string>();
  const cuts = obj.cuts.map((raw, i) => {
    const c = raw as Record<string, unknown>;
    const where = `${file}: cuts[${i}]`;
    if (c === null || typeof c !== 'object') throw new UserError(`${where}: expected {name, expr}`);
    const extra = Object.keys(c).filter((k) => !['name', 'expr', 'description'].includes(k));
    if (extra.length) throw new UserError(`${where}: unknown key '${extra[0]}'`);
    if (typeof c.name !== 'string' || !NAME.test(c.name))
      throw new UserError(`${where}: key 'name': expected a name like 'fiducial'`);
    if (seen.has(c.name)) throw new UserError(`${where}: cut '${c.name}' is defined twice`);
    seen.add(c.name);
    if (typeof c.expr !== 'string' || c.expr.trim() === '')
      throw new UserError(`${where} '${c.name}': key 'expr': expected an SQL expression`);
    if (/;|--|\/\*/.test(c.expr))
      throw new UserError(`${where} '${c.name}': expr must be one expression (no ';' or comments)`);
    const description = c.description === undefined ? undefined : String(c.description);
    return { name: c.name, expr: c.expr.trim(), ...(description ? { description } : {}) };
  });
  const lineage = createHash('sha256')
    .update(JSON.stringify([name, version, cuts.map((c) => [c.name, c.expr])]))
    .digest('hex')
    .slice(0, 16);
  return { file, name, version: version as number, cuts, lineage };
}

/** Binds every cut against `table`, so a missing column or malformed expression names its cut. */
export async function checkCuts(session: AnalysisSession, table: string, set: CutSet): Promise<void> {
  session.requireView(table);
  for (const cut of set.cuts) {
    try {
      await session.all(`SELECT 1 FROM ${quoteIdent(table)} WHERE (${cut.expr}) LIMIT 0`);
    } catch (err) {
      const message = (err as Error).message.replace(/^query: /, '');
      throw new UserError(`${set.file}: cut '${cut.name}': ${message}`);
    }
  }
}

/** All of `cuts` ANDed as one predicate ('true' when none). */
export function allOf(cuts: readonly Cut[]): string {
  return cuts.length ? cuts.map((c) => `(${c.expr})`).join(' AND ') : 'true';
}
