import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_TYPES, dataTypesMarkdown } from '../src/index.js';

describe('docs/data-types.md', () => {
  it('is generated from the declarations (run `npm run docs` after changing a type)', () => {
    const onDisk = readFileSync(new URL('../../../docs/data-types.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(dataTypesMarkdown(DATA_TYPES.values()));
  });
});
