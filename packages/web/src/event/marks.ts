import type { EventPeak, PeakRole } from '@dance/api';
import type { Binning } from '../waveform/bin.js';
import { plotArea } from '../waveform/draw.js';
import { patternFrame } from '../waveform/hit-pattern.js';

const ROLE_LABELS: Record<PeakRole, string> = { s1: 'main S1', alt_s1: 'alt S1', s2: 'main S2', alt_s2: 'alt S2' };
const ROLE_COLOURS: Record<PeakRole, string> = { s1: '#2166ac', alt_s1: '#2166ac', s2: '#1b7837', alt_s2: '#1b7837' };

/** Lines at the center times of the main (solid) and alternative (dashed) S1 and S2 over a drawSum plot. */
export function markRoles(canvas: HTMLCanvasElement, view: Binning, peaks: EventPeak[]): void {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const plot = plotArea(canvas);
  g.save();
  g.font = 'bold 11px system-ui, sans-serif';
  for (const peak of peaks) {
    if (!peak.role) continue;
    const at = Number(BigInt(peak.center_time) - view.start);
    if (at < 0 || at > view.width) continue;
    const x = plot.left + (at / view.width) * (plot.right - plot.left);
    g.strokeStyle = ROLE_COLOURS[peak.role];
    g.fillStyle = ROLE_COLOURS[peak.role];
    g.setLineDash(peak.role.startsWith('alt') ? [4, 3] : []);
    g.beginPath();
    g.moveTo(x, plot.top);
    g.lineTo(x, plot.bottom);
    g.stroke();
    g.textAlign = x > plot.right - 60 ? 'right' : 'left';
    g.fillText(ROLE_LABELS[peak.role], x + (g.textAlign === 'right' ? -3 : 3), plot.top + 24);
  }
  g.restore();
}

/** The line between the top and bottom PMT arrays across a drawMatrix plot (top array first). */
export function markArrayBoundary(canvas: HTMLCanvasElement, channels: number, topChannels: number): void {
  if (topChannels <= 0 || topChannels >= channels) return;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const plot = plotArea(canvas);
  const y = plot.top + (topChannels / channels) * (plot.bottom - plot.top);
  g.save();
  g.strokeStyle = '#b00020';
  g.setLineDash([6, 4]);
  g.beginPath();
  g.moveTo(plot.left, y);
  g.lineTo(plot.right, y);
  g.stroke();
  g.fillStyle = '#b00020';
  g.fillText('top ↑ bottom ↓', plot.left + 4, y - 3);
  g.restore();
}

/** A position (cm) drawn over a hit pattern: reconstructed as a cross, true as a ring. */
export interface PositionMark {
  x: number;
  y: number;
  kind: 'reconstructed' | 'true';
}

export function markPositions(canvas: HTMLCanvasElement, radius: number, marks: PositionMark[]): void {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { scale, cx, cy } = patternFrame(canvas, radius);
  g.save();
  g.lineWidth = 2;
  for (const m of marks) {
    const px = cx + m.x * scale;
    const py = cy - m.y * scale;
    g.strokeStyle = m.kind === 'true' ? '#e7298a' : '#d95f02';
    g.beginPath();
    if (m.kind === 'true') g.arc(px, py, 7, 0, 2 * Math.PI);
    else {
      g.moveTo(px - 6, py - 6);
      g.lineTo(px + 6, py + 6);
      g.moveTo(px + 6, py - 6);
      g.lineTo(px - 6, py + 6);
    }
    g.stroke();
  }
  g.restore();
}
