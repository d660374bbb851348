import { describe, expect, it } from 'vitest';
import { binIndex, Histogram, histogramSvg } from '../src/index.js';

describe('Histogram', () => {
  const x = { label: 'cs1', bins: 4, lo: 0, hi: 8 };
  const y = { label: 'cs2', bins: 2, lo: 0, hi: 2 };

  it('puts values below, inside, at the upper edge and NaN in the right bins', () => {
    expect([-1, 0, 1.99, 2, 7.999, 8, Number.NaN].map((v) => binIndex(x, v))).toEqual([0, 1, 1, 2, 4, 5, 5]);
  });

  it('keeps weights and squared weights; partial histograms merge to the whole', () => {
    const xs = [0.5, 1, 3, 9, -2, 3.5];
    const ws = [1, 2, 0.5, 3, 1, 2];
    const whole = new Histogram([x]).fill([xs], ws);
    expect([...whole.sumw]).toEqual([1, 3, 2.5, 0, 0, 3]);
    expect([...whole.sumw2]).toEqual([1, 5, 4.25, 0, 0, 9]);
    expect(whole.inRange()).toBe(5.5);
    const a = new Histogram([x]).fill([xs.slice(0, 3)], ws.slice(0, 3));
    const b = new Histogram([x]).fill([xs.slice(3)], ws.slice(3));
    expect(a.merge(b).toJSON()).toEqual(whole.toJSON());
    expect(() => a.merge(new Histogram([{ ...x, bins: 5 }]))).toThrow('cannot merge histograms with different axes');
  });

  it('fills 2D cells row-major with flow bins on both axes', () => {
    const h = new Histogram([x, y]).fill([
      [1, 1, 9, 3],
      [0.5, 5, 1.5, -1],
    ]);
    expect(h.sumw[h.cell(1, 1)]).toBe(1);
    expect(h.sumw[h.cell(1, 3)]).toBe(1); // y overflow
    expect(h.sumw[h.cell(5, 2)]).toBe(1); // x overflow
    expect(h.sumw[h.cell(2, 0)]).toBe(1); // y underflow
    expect(h.inRange()).toBe(1);
  });

  it('refuses bad axes with the axis named', () => {
    expect(() => new Histogram([{ ...x, bins: 0 }])).toThrow("axis 'cs1': bins 0 must be an integer from 1 to 1000000");
    expect(() => new Histogram([{ ...x, lo: 3, hi: 3 }])).toThrow(
      "axis 'cs1': range [3, 3) must be finite with lo < hi",
    );
  });

  it('writes SVG with the provenance in <metadata>, escaped', () => {
    const h = new Histogram([x]).fill([[1, 2, 3]]);
    const svg = histogramSvg(h, 'a <b> & c', { cuts: 'x ]]> y' });
    expect(svg).toContain('a &lt;b&gt; &amp; c');
    const meta = /<metadata><!\[CDATA\[(.*)\]\]><\/metadata>/s.exec(svg)![1].replaceAll(']]]]><![CDATA[>', ']]>');
    expect(JSON.parse(meta)).toEqual({ cuts: 'x ]]> y' });
    expect(histogramSvg(new Histogram([x, y]).fill([[1], [1]]), '2d', {})).toContain('<rect x=');
  });
});
