/** Result of a 2-D minimisation. */
export interface Minimum2D {
  x: number;
  y: number;
  value: number;
  evaluations: number;
}

/**
 * Nelder–Mead simplex minimisation of f(x, y) from (x0, y0) with initial step `step`, until the
 * simplex is smaller than `tolerance` in both coordinates or `maxEvaluations` is reached. Written
 * out (no library) because it runs once per S2 inside the chain's hot loop: three points, no
 * allocation per step. Standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½.
 */
export function nelderMead2D(
  f: (x: number, y: number) => number,
  x0: number,
  y0: number,
  step: number,
  tolerance: number,
  maxEvaluations = 400,
): Minimum2D {
  const px = [x0, x0 + step, x0];
  const py = [y0, y0, y0 + step];
  const pf = [f(px[0], py[0]), f(px[1], py[1]), f(px[2], py[2])];
  let evaluations = 3;
  const order = [0, 1, 2];
  while (evaluations < maxEvaluations) {
    order.sort((a, b) => pf[a] - pf[b]);
    const [best, mid, worst] = order;
    const spanX = Math.max(px[0], px[1], px[2]) - Math.min(px[0], px[1], px[2]);
    const spanY = Math.max(py[0], py[1], py[2]) - Math.min(py[0], py[1], py[2]);
    if (spanX < tolerance && spanY < tolerance) break;
    const cx = (px[best] + px[mid]) / 2;
    const cy = (py[best] + py[mid]) / 2;
    const rx = 2 * cx - px[worst];
    const ry = 2 * cy - py[worst];
    const rf = f(rx, ry);
    evaluations++;
    if (rf < pf[best]) {
      const ex = 3 * cx - 2 * px[worst];
      const ey = 3 * cy - 2 * py[worst];
      const ef = f(ex, ey);
      evaluations++;
      if (ef < rf) set(worst, ex, ey, ef);
      else set(worst, rx, ry, rf);
    } else if (rf < pf[mid]) {
      set(worst, rx, ry, rf);
    } else {
      // contract towards the better of the worst point and its reflection
      const outside = rf < pf[worst];
      const kx = outside ? (cx + rx) / 2 : (cx + px[worst]) / 2;
      const ky = outside ? (cy + ry) / 2 : (cy + py[worst]) / 2;
      const kf = f(kx, ky);
      evaluations++;
      if (kf < Math.min(rf, pf[worst])) set(worst, kx, ky, kf);
      else {
        for (const i of [mid, worst]) {
          set(i, (px[i] + px[best]) / 2, (py[i] + py[best]) / 2, f((px[i] + px[best]) / 2, (py[i] + py[best]) / 2));
          evaluations++;
        }
      }
    }
  }
  const best = pf[0] <= pf[1] ? (pf[0] <= pf[2] ? 0 : 2) : pf[1] <= pf[2] ? 1 : 2;
  return { x: px[best], y: py[best], value: pf[best], evaluations };

  function set(i: number, x: number, y: number, value: number): void {
    px[i] = x;
    py[i] = y;
    pf[i] = value;
  }
}
