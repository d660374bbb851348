import type { HistogramJson } from '@dance/api';
import uPlot from 'uplot';

/**
 * A 1D histogram as steps (uPlot): counts per bin over the in-range bins, the flow bins reported in
 * the legend line under the plot rather than drawn.
 */
export function histPlot(target: HTMLElement, h: HistogramJson, width: number): uPlot {
  const [x] = h.axes;
  const edges = Array.from({ length: x.bins + 1 }, (_, i) => x.lo + ((x.hi - x.lo) * i) / x.bins);
  // stepped with align 1: each edge's value holds until the next edge; the last repeats the last bin
  const counts = [...h.sumw.slice(1, x.bins + 1), h.sumw[x.bins]];
  return new uPlot(
    {
      width,
      height: 300,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, auto: false, range: [x.lo, x.hi] },
        y: { range: (_u, _lo, hi) => [0, hi > 0 ? hi * 1.05 : 1] },
      },
      axes: [{ label: x.label }, { label: 'events' }],
      series: [
        {},
        {
          label: 'events',
          stroke: '#1f77b4',
          fill: 'rgba(31,119,180,0.15)',
          width: 1.5,
          points: { show: false },
          paths: uPlot.paths.stepped?.({ align: 1 }),
        },
      ],
    },
    [edges, counts],
    target,
  );
}
