import type { HistogramJson } from '@dance/api';
import uPlot from 'uplot';

export type Box = [xlo: number, xhi: number, ylo: number, yhi: number];

/**
 * The x–y plane (cS1 vs cS2) as a 2D histogram on uPlot's axes: cells shaded on a log scale (counts
 * span decades), drawn in the draw hook. Dragging a box calls `onBox` with its edges in data units;
 * `box` redraws an earlier selection (from the permalink).
 */
export function planePlot(
  target: HTMLElement,
  h: HistogramJson,
  width: number,
  box: Box | undefined,
  onBox: (box: Box) => void,
): uPlot {
  const [x, y] = h.axes;
  const stride = x.bins + 2;
  let max = 0;
  for (let iy = 1; iy <= y.bins; iy++)
    for (let ix = 1; ix <= x.bins; ix++) max = Math.max(max, h.sumw[ix + stride * iy]);
  const drawCells = (u: uPlot) => {
    const g = u.ctx;
    g.save();
    g.beginPath();
    g.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    g.clip();
    for (let iy = 1; iy <= y.bins; iy++) {
      const top = u.valToPos(y.lo + ((y.hi - y.lo) * iy) / y.bins, 'y', true);
      const bottom = u.valToPos(y.lo + ((y.hi - y.lo) * (iy - 1)) / y.bins, 'y', true);
      for (let ix = 1; ix <= x.bins; ix++) {
        const v = h.sumw[ix + stride * iy];
        if (!(v > 0)) continue;
        const left = u.valToPos(x.lo + ((x.hi - x.lo) * (ix - 1)) / x.bins, 'x', true);
        const right = u.valToPos(x.lo + ((x.hi - x.lo) * ix) / x.bins, 'x', true);
        g.fillStyle = shade(Math.log1p(v) / Math.log1p(max));
        g.fillRect(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
      }
    }
    g.restore();
  };
  const plot = new uPlot(
    {
      width,
      height: 360,
      legend: { show: false },
      cursor: { drag: { x: true, y: true, setScale: false }, points: { show: false } },
      scales: {
        x: { time: false, auto: false, range: [x.lo, x.hi] },
        y: { auto: false, range: [y.lo, y.hi] },
      },
      axes: [{ label: x.label }, { label: y.label, size: 60 }],
      series: [{}, { label: 'cells', show: false }],
      hooks: {
        draw: [drawCells],
        setSelect: [
          (u) => {
            const s = u.select;
            if (s.width < 2 || s.height < 2) return;
            const at = (v: number) => Number(v.toPrecision(6));
            onBox([
              at(u.posToVal(s.left, 'x')),
              at(u.posToVal(s.left + s.width, 'x')),
              at(u.posToVal(s.top + s.height, 'y')),
              at(u.posToVal(s.top, 'y')),
            ]);
          },
        ],
      },
    },
    [
      [x.lo, x.hi],
      [null, null],
    ],
    target,
  );
  if (box) {
    const left = plot.valToPos(box[0], 'x');
    const top = plot.valToPos(box[3], 'y');
    plot.setSelect(
      { left, top, width: plot.valToPos(box[1], 'x') - left, height: plot.valToPos(box[2], 'y') - top },
      false,
    );
  }
  return plot;
}

/** White to dark blue, as the SVG plots (packages/analysis/src/svg.ts). */
function shade(t: number): string {
  const c = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${c(230, 8)},${c(240, 48)},${c(250, 107)})`;
}
