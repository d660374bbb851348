import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * A hash of the simulator's own sources and built-in detectors, part of every simulated run's
 * lineage: a change to the physics without a version bump still gives a new lineage (strax's
 * "forgot to bump" problem). The TypeScript sources are hashed, not the built JS, so a run made
 * from the CLI and one made in a test share a lineage.
 */
export function simulatorCodeHash(): string {
  if (cached) return cached;
  const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  for (const file of [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'detectors'))].sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  cached = hash.digest('hex').slice(0, 12);
  return cached;
}

function packageRoot(dir: string): string {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    try {
      if (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === '@dance/sim') return d;
    } catch {
      // no package.json here: keep walking up
    }
  }
  throw new Error(`cannot find the @dance/sim package above ${dir}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}
