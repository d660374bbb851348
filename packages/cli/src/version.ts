import { readFileSync } from 'node:fs';

/**
 * The DANCE version, from the root package.json (one declaration). Found by walking up from this
 * module, so it works both from dist/src (the built CLI) and from src (tests run the sources).
 */
function rootVersion(): string {
  for (const up of ['../../../../', '../../../']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8'));
      if (pkg.name === 'dance') return pkg.version;
    } catch {
      // not at this level
    }
  }
  throw new Error('cannot find the root package.json of DANCE');
}

export const VERSION: string = rootVersion();
