import { readFileSync } from 'node:fs';

/**
 * The root of the DANCE installation (where the root package.json is). Found by walking up from
 * this module, so it works both from dist/src (the built CLI) and from src (tests run the sources).
 */
function findRoot(): { root: URL; version: string } {
  for (const up of ['../../../../', '../../../']) {
    const root = new URL(up, import.meta.url);
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
      if (pkg.name === 'dance') return { root, version: pkg.version };
    } catch {
      // not at this level
    }
  }
  throw new Error('cannot find the root package.json of DANCE');
}

const found = findRoot();

/** The DANCE version, from the root package.json (one declaration). */
export const VERSION: string = found.version;

/** The installation's root directory, e.g. to find package-lock.json. */
export const DANCE_ROOT: URL = found.root;
