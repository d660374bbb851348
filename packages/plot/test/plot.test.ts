import { describe, expect, it } from 'vitest';
import { frame, MAX_POINTS, PLOT_LAYOUT, type Plot, plotSvg, type Series, svgDocument } from '../src/index.js';
import { assertWellFormed } from './well-formed.js';

const count = (svg: string, what: RegExp) => svg.match(what)?.length ?? 0;
const polylinePoints = (svg: string) =>
  [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number)));
const plot = (series: Series[], extra: Partial<Plot> = {}): string =>
  plotSvg({ title: 't', xLabel: 'x', yLabel: 'y', series, ...extra });

describe('plotSvg', () => {
  it('escapes hostile user text everywhere it goes and stays well-formed', () => {
    const hostile = `</text><script>alert("x")</script> & 'q'`;
    const svg = plot([{ label: hostile, x: [1, 2], y: [1, 2], style: 'line', color: '"/><script>' }], {
      title: hostile,
      xLabel: hostile,
      yLabel: hostile,
      references: [{ y: 1.5, label: hostile }],
    });
    assertWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(count(svg, /&lt;\/text&gt;&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &apos;q&apos;/g)).toBe(
      5,
    );
    expect(svg).toContain('stroke="&quot;/&gt;&lt;script&gt;"');
  });

  it('draws points with error bars, lines, steps and reference lines on a log x axis', () => {
    const svg = plot(
      [
        {
          label: 'eff',
          x: [10, 100, 1000],
          y: [0.5, 0.9, 1],
          lower: [0.4, 0.85, 0.98],
          upper: [0.6, 0.95, 1],
          style: 'points',
          color: 'blue',
        },
        { label: 'model', x: [10, 1000], y: [0.5, 1], style: 'line', color: 'red' },
      ],
      { logX: true, yRange: [0, 1.05], references: [{ y: 0.9, label: 'goal' }] },
    );
    assertWellFormed(svg);
    const f = frame(
      PLOT_LAYOUT,
      { label: '', lo: 10 ** 0.9, hi: 10 ** 3.1, log: true },
      { label: '', lo: 0, hi: 1.05 },
    );
    // x from 10 to 1000 padded 5 % in log space; decade ticks 10, 100, 1000; y ticks 0, 0.5, 1.
    expect([...svg.matchAll(/text-anchor="middle">([^<]*)</g)].map((m) => m[1]).slice(0, 3)).toEqual([
      '10',
      '100',
      '1000',
    ]);
    expect([...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1])).toEqual(['0', '0.5', '1']);
    expect(count(svg, /<circle [^>]*r="3"/g)).toBe(3 + 1); // + legend
    expect(svg).toContain(`<path d="M${f.px(10).toFixed(2)},${f.py(0.4).toFixed(2)}V${f.py(0.6).toFixed(2)}M`);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain('>goal</text>');
    expect(svg).toMatch(/height="438"/); // two legend rows below the 400-pixel axes picture
  });

  it('draws a histogram as steps from the baseline and back, from edges one longer than the counts', () => {
    const svg = plot([{ label: 'h', x: [0, 1, 2], y: [2, 4], style: 'steps', color: 'k' }], { yRange: [0, 4] });
    const f = frame(PLOT_LAYOUT, { label: '', lo: -0.1, hi: 2.1 }, { label: '', lo: 0, hi: 4 });
    const px = (v: number) => Number(f.px(v).toFixed(2));
    const py = (v: number) => Number(f.py(v).toFixed(2));
    expect(polylinePoints(svg)).toEqual([
      [
        [px(0), py(0)],
        [px(0), py(2)],
        [px(1), py(2)],
        [px(1), py(4)],
        [px(2), py(4)],
        [px(2), py(0)],
      ],
    ]);
  });

  it(`thins points and lines to at most ${MAX_POINTS} (every k-th), but keeps every histogram bin`, () => {
    const n = 10_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const scatter = plot([{ label: 's', x, y: x, style: 'scatter', color: 'b' }]);
    expect(count(scatter, /<circle /g)).toBe(3334 + 1); // stride 3, + legend
    expect(scatter).toContain('fill-opacity="0.6"');
    expect(polylinePoints(plot([{ label: 'l', x, y: x, style: 'line', color: 'b' }]))[0]).toHaveLength(3334);
    const exact = Float64Array.from({ length: MAX_POINTS }, (_, i) => i);
    expect(count(plot([{ label: 's', x: exact, y: exact, style: 'scatter', color: 'b' }]), /<circle /g)).toBe(
      MAX_POINTS + 1,
    );
    const edges = Float64Array.from({ length: n + 1 }, (_, i) => i);
    expect(polylinePoints(plot([{ label: 'h', x: edges, y: x, style: 'steps', color: 'b' }]))[0]).toHaveLength(
      2 * n + 2,
    );
  });

  it('leaves out NaN, infinite and (log axis) non-positive values: gaps in lines and histograms', () => {
    const svg = plot(
      [
        { label: 'line', x: [1, 2, 3, 4, 5], y: [1, 2, Number.NaN, 4, 5], style: 'line', color: 'r' },
        { label: 'hist', x: [1, 2, 3, 4], y: [1, Number.POSITIVE_INFINITY, 3], style: 'steps', color: 'g' },
        {
          label: 'pts',
          x: [0, -1, 10],
          y: [1, 1, 1],
          lower: [0, 0, Number.NaN],
          upper: [2, 2, 2],
          style: 'points',
          color: 'b',
        },
      ],
      { logX: true },
    );
    assertWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(polylinePoints(svg).map((p) => p.length)).toEqual([2, 2, 4, 4]); // line: 1-2, 4-5; hist: bins 1 and 3
    expect(count(svg, /<circle [^>]*r="3"/g)).toBe(1 + 1); // only x = 10; + legend
    expect(svg).not.toContain('<path'); // its error bar has a NaN end
  });

  it('draws an empty plot and empty series as an empty frame with their legend rows', () => {
    for (const svg of [plot([]), plot([{ label: 'nothing', x: [], y: [], style: 'steps', color: 'b' }])]) {
      assertWellFormed(svg);
      expect(svg).not.toMatch(/NaN|Infinity|<polyline|<circle/);
      expect(svg).toContain('<rect x="70" y="36" width="550" height="314"');
    }
    expect(plot([{ label: 'nothing', x: [], y: [], style: 'line', color: 'b' }])).toContain('>nothing</text>');
    const degenerate = plot([{ label: 'p', x: [1], y: [2], style: 'points', color: 'b' }], { yRange: [2, 2] });
    assertWellFormed(degenerate);
    expect(degenerate).not.toMatch(/NaN|Infinity/);
  });
});

describe('svgDocument', () => {
  it('keeps metadata text intact through CDATA, even with "]]>" in it', () => {
    const svg = svgDocument(10, 20, ['<g/>'], '{"cut":"a ]]> b <c>"}');
    assertWellFormed(svg);
    const meta = /<metadata><!\[CDATA\[(.*)\]\]><\/metadata>/s.exec(svg)![1].replaceAll(']]]]><![CDATA[>', ']]>');
    expect(meta).toBe('{"cut":"a ]]> b <c>"}');
    expect(svg).toMatch(/^<svg [^>]*width="10" height="20"[^>]*>\n/);
  });

  it('is checked by a parser that does catch broken markup', () => {
    expect(() => assertWellFormed('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => assertWellFormed('<svg><text>a & b</text></svg>')).toThrow("raw '&'");
    expect(() => assertWellFormed('<svg><g></svg>')).toThrow('</svg>');
    expect(() => assertWellFormed('<svg x="1"/>')).not.toThrow();
  });
});
