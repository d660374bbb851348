import type { BinnedWindow, Binning, Marker } from './bin.js';

const PEAK_COLOURS: Record<number, string> = { 1: 'rgba(33, 102, 172, 0.18)', 2: 'rgba(27, 158, 119, 0.18)' };
const PEAK_LABELS: Record<number, string> = { 1: 'S1', 2: 'S2' };

/** The summed waveform as a filled trace, peaks shaded by type, with a µs time axis. */
export function drawSum(canvas: HTMLCanvasElement, w: BinnedWindow, view: Binning, markers: Marker[]): void {
  const g = context(canvas);
  const plot = plotArea(canvas);
  const max = Math.max(1, ...w.sum);
  const x = (ns: number) => plot.left + (ns / view.width) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - (Math.max(0, v) / max) * (plot.bottom - plot.top);
  for (const m of markers) {
    const a = Math.max(0, Number(m.start - view.start));
    const b = Math.min(view.width, Number(m.end - view.start));
    if (b <= a) continue;
    g.fillStyle = PEAK_COLOURS[m.type] ?? 'rgba(128,128,128,0.18)';
    g.fillRect(x(a), plot.top, Math.max(1, x(b) - x(a)), plot.bottom - plot.top);
    g.fillStyle = '#1b1f24';
    g.fillText(PEAK_LABELS[m.type] ?? '?', x(a) + 2, plot.top + 10);
  }
  g.beginPath();
  g.moveTo(plot.left, plot.bottom);
  const binWidth = view.width / view.bins;
  for (let b = 0; b < w.sum.length; b++) g.lineTo(x(b * binWidth), y(w.sum[b]));
  g.lineTo(plot.right, plot.bottom);
  g.fillStyle = 'rgba(29, 53, 87, 0.35)';
  g.strokeStyle = '#1d3557';
  g.fill();
  g.stroke();
  axes(g, plot, view.width, `${max.toFixed(0)} ADC`);
}

/** The records matrix: channel (rows) × time (columns), colour on a log scale of the amplitude. */
export function drawMatrix(canvas: HTMLCanvasElement, w: BinnedWindow, view: Binning): void {
  const g = context(canvas);
  const plot = plotArea(canvas);
  const cols = plot.right - plot.left;
  const rows = plot.bottom - plot.top;
  let max = 0;
  for (const v of w.matrix) if (v > max) max = v;
  const scale = max > 0 ? 1 / Math.log1p(max) : 0;
  const image = g.createImageData(cols, rows);
  const pixels = image.data;
  pixels.fill(255);
  const binOfColumn = Int32Array.from({ length: cols }, (_, px) => Math.floor((px / cols) * view.bins));
  for (let py = 0; py < rows; py++) {
    const row = Math.floor((py / rows) * w.channels) * view.bins;
    for (let px = 0; px < cols; px++) {
      const v = w.matrix[row + binOfColumn[px]];
      if (!(v > 0)) continue;
      const c = Math.round(Math.log1p(v) * scale * 255) * 3;
      const k = (py * cols + px) * 4;
      pixels[k] = PALETTE[c];
      pixels[k + 1] = PALETTE[c + 1];
      pixels[k + 2] = PALETTE[c + 2];
    }
  }
  g.putImageData(image, plot.left, plot.top);
  axes(g, plot, view.width, `${w.channels} ch`);
}

/** Where drawSum and drawMatrix put the plot inside a canvas (px), so overlays line up with it. */
export function plotArea(canvas: HTMLCanvasElement): { left: number; top: number; bottom: number; right: number } {
  return { left: 50, top: 10, bottom: canvas.height - 22, right: canvas.width - 10 };
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas in this browser');
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.font = '11px system-ui, sans-serif';
  return g;
}

function axes(
  g: CanvasRenderingContext2D,
  plot: { left: number; top: number; bottom: number; right: number },
  widthNs: number,
  yLabel: string,
): void {
  g.strokeStyle = '#57606a';
  g.fillStyle = '#1b1f24';
  g.strokeRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  for (let k = 0; k <= 5; k++) {
    const px = plot.left + (k / 5) * (plot.right - plot.left);
    g.textAlign = k === 0 ? 'left' : k === 5 ? 'right' : 'center';
    // zooms on S1s are a few hundred ns wide: label them in ns
    const label =
      widthNs < 10_000 ? `${Math.round((k / 5) * widthNs)} ns` : `${((k / 5) * widthNs * 1e-3).toFixed(1)} µs`;
    g.fillText(label, px, plot.bottom + 14);
  }
  g.textAlign = 'left';
  g.fillText(yLabel, 2, plot.top + 10);
}

/** Viridis-like map from [0, 1] to RGB, by linear interpolation between five anchors. */
const ANCHORS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
export function colour(f: number): [number, number, number] {
  const x = f * (ANCHORS.length - 1);
  const i = Math.min(ANCHORS.length - 2, Math.floor(x));
  const t = x - i;
  const [r, g, b] = ANCHORS[i].map((a, c) => Math.round(a + (ANCHORS[i + 1][c] - a) * t));
  return [r, g, b];
}

/** 256 RGB triples of that map: the matrix looks colours up instead of interpolating per pixel. */
const PALETTE = Uint8Array.from({ length: 256 * 3 }, (_, k) => colour(Math.floor(k / 3) / 255)[k % 3]);
