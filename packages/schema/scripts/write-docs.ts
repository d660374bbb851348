import { writeFileSync } from 'node:fs';
import { DATA_TYPES, dataTypesMarkdown } from '../src/index.js';

// Run from the repository root by `npm run docs`.
const target = new URL('../../../../docs/data-types.md', import.meta.url);
writeFileSync(target, dataTypesMarkdown(DATA_TYPES.values()));
console.log(`wrote ${target.pathname}`);
