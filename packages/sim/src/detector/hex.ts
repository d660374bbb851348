/**
 * The `count` points of a hexagonal grid of spacing `pitch` nearest the centre, ordered by
 * distance and then by angle so that channel numbers are reproducible.
 */
export function hexGrid(count: number, pitch: number): [number, number][] {
  const rings = Math.ceil(Math.sqrt(count / 3)) + 2;
  const points: { x: number; y: number; r: number; phi: number }[] = [];
  for (let i = -rings; i <= rings; i++) {
    for (let j = -rings; j <= rings; j++) {
      const x = pitch * (i + j / 2);
      const y = pitch * ((j * Math.sqrt(3)) / 2);
      const phi = Math.atan2(y, x);
      points.push({ x, y, r: Math.round(Math.hypot(x, y) * 1e6), phi: phi < 0 ? phi + 2 * Math.PI : phi });
    }
  }
  points.sort((a, b) => a.r - b.r || a.phi - b.phi);
  return points.slice(0, count).map((p) => [p.x, p.y]);
}
