import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';

const cache = new Map<string, string>();

/**
 * A hash of the source text named in `code` ('<package>' for its whole src/, or '<package>/<path>'):
 * part of a plugin's or the simulator's lineage, so a changed algorithm without a version bump still
 * gives a new lineage (strax's "forgot to bump" problem). The TypeScript sources are hashed, not the built JS, so a product made from
 * the CLI and one made in a test share a lineage; a package without its src/ (installed from npm)
 * hashes its dist/ instead.
 */
export function codeHash(code: readonly string[]): string {
  const hash = createHash('sha256');
  for (const entry of [...code].sort()) hash.update(entry).update('\0').update(entryHash(entry)).update('\0');
  return hash.digest('hex').slice(0, 12);
}

function entryHash(entry: string): string {
  const known = cache.get(entry);
  if (known) return known;
  const parts = entry.split('/');
  const pkg = entry.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const inside = parts.slice(entry.startsWith('@') ? 2 : 1).join('/');
  const root = packageRoot(pkg);
  const target = join(root, inside || (existsSync(join(root, 'src')) ? 'src' : 'dist'));
  if (!existsSync(target)) throw new UserError(`code '${entry}': ${target} does not exist`);
  const hash = createHash('sha256');
  for (const file of filesUnder(target).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const digest = hash.digest('hex');
  cache.set(entry, digest);
  return digest;
}

/** The directory of an installed package, found through node_modules above this module. */
function packageRoot(pkg: string): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    const candidate = join(d, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  throw new UserError(`code: package ${pkg} is not installed`);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((e) => filesUnder(join(path, e.name)));
}
