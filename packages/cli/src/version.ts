import { readFileSync } from 'node:fs';

/** The DANCE version, from the root package.json (one declaration). */
export const VERSION: string = JSON.parse(
  readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8'),
).version;
