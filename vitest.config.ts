import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from their sources, so a test run never depends on a stale dist/.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const alias = Object.fromEntries(
  readdirSync(packagesDir).map((name) => [`@dance/${name}`, `${packagesDir}${name}/src/index.ts`]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // PostgreSQL for the catalog's second backend (uses DANCE_TEST_PG_URL or starts a throw-away cluster);
    // then one temporary directory for the whole run, removed at its end.
    globalSetup: ['packages/catalog/test/pg-setup.ts', 'test/temp-dir-setup.ts'],
  },
});
