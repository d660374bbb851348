import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plugins, processingOptionsMarkdown } from '../src/index.js';

describe('docs/processing-options.md', () => {
  it('is generated from the plugin declarations (run `npm run docs` after changing an option)', () => {
    const onDisk = readFileSync(new URL('../../../docs/processing-options.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(processingOptionsMarkdown(plugins));
    for (const p of plugins) for (const o of p.options) expect(onDisk).toContain(`\`${o.name}\``);
  });
});
