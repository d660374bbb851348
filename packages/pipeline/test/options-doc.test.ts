import { isUserError } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { optionDefault, optionsMarkdown, type Plugin, pluginsFor } from '../src/index.js';
import { clusters, sums } from './toy-plugins.js';

describe('pluginsFor and optionsMarkdown', () => {
  it('orders the plugins a type is made from inputs first, and all of them without a type', () => {
    expect(pluginsFor([clusters, sums], 'toy_clusters').map((p) => p.name)).toEqual(['toy-sums', 'toy-clusters']);
    expect(pluginsFor([clusters, sums], 'toy_sums').map((p) => p.name)).toEqual(['toy-sums']);
    expect(pluginsFor([clusters, sums]).map((p) => p.name)).toEqual(['toy-sums', 'toy-clusters']);
    try {
      pluginsFor([clusters, sums], 'toy_<script>');
      expect.unreachable();
    } catch (e) {
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toBe("no plugin makes 'toy_<script>'; known: toy_clusters, toy_sums");
    }
  });

  it('refuses plugins that depend on each other in a cycle', () => {
    const loop: Plugin = { ...sums, dependsOn: ['toy_clusters'] };
    expect(() => pluginsFor([loop, clusters], 'toy_clusters')).toThrow(
      "plugins depend on each other in a cycle through 'toy_clusters'",
    );
  });

  it('writes each option once, under the first plugin declaring it, with defaults as --set takes them', () => {
    const shared = { name: 'scale', type: 'number', default: 2, tracked: true, description: 'PE per ADC' } as const;
    const withShared: Plugin = {
      ...clusters,
      options: [
        ...clusters.options,
        shared,
        { name: 'gains', type: 'numbers', default: [1, 0.5], tracked: true, description: 'a | b' },
        { name: 'map', type: 'string', tracked: true, description: 'required' },
      ],
    };
    const md = optionsMarkdown(pluginsFor([withShared, sums]));
    expect(md).toContain('## toy-sums\n\nMakes `toy_sums` from toy_pulses (version 1).');
    expect(md).toContain('| `delay_ms` | number | 0 | untracked | sleep per chunk (kill tests) |');
    expect(md).toContain('| `gains` | numbers | 1,0.5 | tracked | a \\| b |');
    expect(md).toContain('| `map` | string | required | tracked | required |');
    expect(md).toContain('Also uses `scale` (see toy-sums).');
    expect(md.match(/\| `scale` \|/g)).toHaveLength(1);
    expect(optionDefault({ ...shared, default: true } as never)).toBe('true');
  });
});
