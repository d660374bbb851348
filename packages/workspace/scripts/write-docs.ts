import { writeFileSync } from 'node:fs';
import { configMarkdown } from '../src/index.js';

// Run from the repository root by `npm run docs`.
const target = new URL('../../../../docs/config.md', import.meta.url);
writeFileSync(target, configMarkdown());
console.log(`wrote ${target.pathname}`);
