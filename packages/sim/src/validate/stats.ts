/** Mean and standard error of the mean. */
export function meanAndError(values: ArrayLike<number>): { mean: number; error: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, error: Number.NaN, n };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, error: n > 1 ? Math.sqrt(ss / (n - 1) / n) : Number.POSITIVE_INFINITY, n };
}

/** Least-squares line y = a + b·x, with the coefficient of determination. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): { intercept: number; slope: number; r2: number } {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope, r2: (sxy * sxy) / (sxx * syy) };
}
