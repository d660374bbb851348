import { writeFileSync } from 'node:fs';
import { plugins, processingOptionsMarkdown } from '../src/index.js';

// Run from the repository root by `npm run docs`.
const target = new URL('../../../../docs/processing-options.md', import.meta.url);
writeFileSync(target, processingOptionsMarkdown(plugins));
console.log(`wrote ${target.pathname}`);
