import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * Vitest globalSetup: gives the catalog tests a PostgreSQL. Uses DANCE_TEST_PG_URL when set; otherwise
 * starts a throw-away cluster with scripts/pg/start.sh (when PostgreSQL is installed) and stops it after
 * the run. The URL reaches the test files through `inject('danceTestPgUrl')`.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    danceTestPgUrl: string;
  }
}

const scripts = fileURLToPath(new URL('../../../scripts/pg/', import.meta.url));

export default function setup(project: TestProject): (() => void) | undefined {
  const given = process.env.DANCE_TEST_PG_URL;
  if (given) {
    project.provide('danceTestPgUrl', given);
    return undefined;
  }
  if (!existsSync('/usr/lib/postgresql')) {
    project.provide('danceTestPgUrl', '');
    return undefined;
  }
  const base = mkdtempSync(join(tmpdir(), 'dance-pg-'));
  let url: string;
  try {
    url = execFileSync('bash', [join(scripts, 'start.sh')], {
      env: { ...process.env, PGBASE: base },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (err) {
    // On CI a missing PostgreSQL must fail the run; elsewhere backends.ts warns and skips the PG suites.
    if (process.env.CI) throw err;
    project.provide('danceTestPgUrl', '');
    return undefined;
  }
  project.provide('danceTestPgUrl', url);
  return () => {
    execFileSync('bash', [join(scripts, 'stop.sh'), base], { stdio: 'ignore' });
  };
}
