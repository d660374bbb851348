import type { Plot, Series } from '@dance/plot';
import type { AreaBin, EfficiencyBin, PositionBin } from './figures.js';
import type { KrSpectrum, LineFit } from './kr83m.js';
import type { Validation } from './validation.js';

const BLUE = '#1f77b4';
const ORANGE = '#ff7f0e';
const GREEN = '#2ca02c';
const RED = '#d62728';

/** Geometric bin centre: the size axes are logarithmic. */
const centre = (b: { lo: number; hi: number }) => Math.sqrt(b.lo * b.hi);

export function efficiencyPlot(v: Validation): Plot {
  const series = (label: string, bins: EfficiencyBin[], color: string): Series => ({
    label,
    x: bins.map(centre),
    y: bins.map((b) => b.efficiency),
    lower: bins.map((b) => b.lower),
    upper: bins.map((b) => b.upper),
    style: 'points',
    color,
  });
  return {
    title: 'Peak finding efficiency vs true size',
    xLabel: 'true photoelectrons',
    yLabel: 'found / true',
    logX: true,
    yRange: [0, 1.05],
    series: [series('S1', v.figures.s1Efficiency, BLUE), series('S2', v.figures.s2Efficiency, ORANGE)],
  };
}

export function areaPlot(v: Validation): Plot {
  const series = (label: string, bins: AreaBin[], color: string, what: 'bias' | 'resolution'): Series => ({
    label: `${label} ${what}`,
    x: bins.map(centre),
    y: bins.map((b) => b[what]),
    style: what === 'bias' ? 'points' : 'line',
    color,
  });
  const { s1Area, s2Area } = v.figures;
  return {
    title: 'Area bias (median reco/true − 1) and resolution (68 % half-width)',
    xLabel: 'true photoelectrons',
    yLabel: 'relative to true area',
    logX: true,
    references: [{ y: 0, label: '' }],
    series: [
      series('S1', s1Area, BLUE, 'bias'),
      series('S1', s1Area, BLUE, 'resolution'),
      series('S2', s2Area, ORANGE, 'bias'),
      series('S2', s2Area, ORANGE, 'resolution'),
    ],
  };
}

export function positionPlot(bins: PositionBin[]): Plot {
  return {
    title: 'S2 position resolution vs true size',
    xLabel: 'true photoelectrons',
    yLabel: '68 % radial error [cm]',
    logX: true,
    series: [
      { label: 'S2 (x, y) − true', x: bins.map(centre), y: bins.map((b) => b.r68), style: 'points', color: ORANGE },
    ],
  };
}

/** Histogram steps of `values` plus the fitted Gaussian + flat, in counts per bin. */
function lineSeries(
  label: string,
  values: Float64Array,
  fit: LineFit | undefined,
  range: [number, number],
  color: string,
  fitColor = RED,
) {
  const bins = 60;
  const width = (range[1] - range[0]) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => range[0] + k * width);
  const counts = new Array<number>(bins).fill(0);
  for (const x of values) {
    const b = Math.floor((x - range[0]) / width);
    if (b >= 0 && b < bins) counts[b]++;
  }
  const out: Series[] = [{ label, x: edges, y: counts, style: 'steps', color }];
  if (fit) {
    const p = (name: string) => fit.fit.parameters.find((q) => q.name === name)!.value;
    const [lo, hi] = fit.range;
    const [nGauss, mu, sigma] = [p('n_gauss'), p('mu'), p('sigma')];
    const nFlat = fit.fit.model === 'gauss' ? 0 : p('n_flat');
    const xs = Array.from({ length: 200 }, (_, k) => lo + ((hi - lo) * k) / 199);
    // The fit's Gaussian is truncated to its range; at these widths the truncation is negligible for a plot.
    const density = (x: number) =>
      (nGauss * Math.exp(-0.5 * ((x - mu) / sigma) ** 2)) / (sigma * Math.sqrt(2 * Math.PI)) + nFlat / (hi - lo);
    out.push({
      label: `fit: μ ${fmt(mu)}, σ ${fmt(sigma)} ${fit.unit} (σ/μ ${(100 * fit.resolution).toFixed(1)} %)`,
      x: xs,
      y: xs.map((x) => density(x) * width),
      style: 'line',
      color: fitColor,
    });
  }
  return out;
}

export function krEnergyPlot(kr: KrSpectrum): Plot {
  return {
    title: 'Kr-83m: e_ces of events with one (merged) S1',
    xLabel: 'e_ces [keV]',
    yLabel: 'events per bin',
    series: lineSeries('merged S1 events', kr.mergedEnergies, kr.merged, [0, 70], BLUE),
  };
}

export function krSplitPlot(kr: KrSpectrum): Plot {
  const hi = Math.max(1, ...kr.firstCs1) * 1.3;
  return {
    title: 'Kr-83m split S1s: cS1 of the 32.1 keV (first) and 9.4 keV (second) S1',
    xLabel: 'cS1 [PE]',
    yLabel: 'events per bin',
    series: [
      ...lineSeries('first S1 (32.1 keV)', kr.firstCs1, kr.first, [0, hi], GREEN, GREEN),
      ...lineSeries('second S1 (9.4 keV)', kr.secondCs1, kr.second, [0, hi], ORANGE, ORANGE),
    ],
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
