import type { DetectorReply } from '@dance/api';
import { colour } from './draw.js';

/** How drawHitPattern maps detector x/y (cm) to the canvas: px = cx + x·scale, py = cy − y·scale. */
export function patternFrame(canvas: HTMLCanvasElement, radius: number): { scale: number; cx: number; cy: number } {
  const size = Math.min(canvas.width, canvas.height);
  return { scale: (size / 2 - 4) / radius, cx: canvas.width / 2, cy: canvas.height / 2 };
}

/**
 * One PMT array's hit pattern: each PMT a disc coloured on a log scale of its light (PE) relative to
 * the brightest PMT of the array, unlit PMTs white, dead PMTs grey with a cross.
 */
export function drawHitPattern(
  canvas: HTMLCanvasElement,
  pmts: DetectorReply,
  perChannel: ArrayLike<number>,
  array: 'top' | 'bottom',
): void {
  const g = canvas.getContext('2d');
  if (!g) throw new Error('no 2D canvas in this browser');
  const [first, last] = array === 'top' ? [0, pmts.topChannels] : [pmts.topChannels, pmts.channels];
  const { scale, cx, cy } = patternFrame(canvas, pmts.radius);
  // discs as large as the arrays' packing allows: area per PMT of the cylinder's cross-section
  const disc = Math.max(1.5, 0.45 * scale * pmts.radius * Math.sqrt(Math.PI / (last - first)) * 1.1);
  let max = 0;
  for (let ch = first; ch < last; ch++) max = Math.max(max, perChannel[ch] ?? 0);
  const dead = new Set(pmts.dead);
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = '#57606a';
  g.beginPath();
  g.arc(cx, cy, pmts.radius * scale, 0, 2 * Math.PI);
  g.stroke();
  for (let ch = first; ch < last; ch++) {
    const px = cx + pmts.x[ch] * scale;
    const py = cy - pmts.y[ch] * scale;
    const v = perChannel[ch] ?? 0;
    g.beginPath();
    g.arc(px, py, disc, 0, 2 * Math.PI);
    if (dead.has(ch)) g.fillStyle = '#8c959f';
    else if (v > 0 && max > 0) {
      const [r, gr, b] = colour(Math.log1p(v) / Math.log1p(max));
      g.fillStyle = `rgb(${r},${gr},${b})`;
    } else g.fillStyle = '#fff';
    g.fill();
    g.strokeStyle = '#d0d7de';
    g.stroke();
    if (dead.has(ch)) {
      g.strokeStyle = '#1b1f24';
      g.beginPath();
      g.moveTo(px - disc, py - disc);
      g.lineTo(px + disc, py + disc);
      g.moveTo(px + disc, py - disc);
      g.lineTo(px - disc, py + disc);
      g.stroke();
    }
  }
  g.fillStyle = '#1b1f24';
  g.font = '11px system-ui, sans-serif';
  g.fillText(`${array} · max ${max.toFixed(1)} PE`, 4, 12);
}
