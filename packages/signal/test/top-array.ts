/**
 * A hexagonal top array like the demo detector's: the `count` lattice points nearest the centre.
 * Test geometry for position reconstruction, shared with @dance/chain's tests.
 */
export function hexArray(count: number, pitch: number): { x: Float64Array; y: Float64Array } {
  const points: [number, number][] = [];
  for (let i = -12; i <= 12; i++) {
    for (let j = -12; j <= 12; j++) points.push([pitch * (i + j / 2), pitch * j * (Math.sqrt(3) / 2)]);
  }
  points.sort((a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2) || a[1] - b[1] || a[0] - b[0]);
  const kept = points.slice(0, count);
  return { x: Float64Array.from(kept, (p) => p[0]), y: Float64Array.from(kept, (p) => p[1]) };
}
