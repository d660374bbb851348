import type { Plot } from '@dance/plot';
import type { RecordBatch } from '@dance/schema';
import type { Detector } from '../detector/detector.js';
import { RECOIL_CODE, RECOILS, type Recoil } from '../physics/recoil.js';
import { meanYields } from '../physics/yields.js';
import { PmtResponse } from '../response/pmt.js';
import { S1Response } from '../response/s1.js';
import { expectedS2Width, S2Response } from '../response/s2.js';
import { fitLine, meanAndError } from './stats.js';

export interface Check {
  name: string;
  passed: boolean;
  /** Too little data for the check (counts as passed). */
  skipped?: boolean;
  summary: string;
  expected: number;
  measured: number;
  error: number;
  plot?: Plot;
}

/** Statistical tolerance: a deviation beyond this many standard errors fails a check. */
const SIGMAS = 4;
const BLUE = '#1f77b4';
const ORANGE = '#ff7f0e';
const RED = '#d62728';

const col = (b: RecordBatch, name: string) => b.column(name) as unknown as ArrayLike<number>;

function residualCheck(name: string, what: string, measured: number[], expected: number[], plot: Plot): Check {
  const residual = measured.map((m, i) => m - expected[i]);
  const r = meanAndError(residual);
  const e = meanAndError(expected).mean;
  const m = meanAndError(measured).mean;
  const passed = r.n > 1 && Math.abs(r.mean) <= SIGMAS * r.error + 1e-3 * Math.abs(e);
  return {
    name,
    passed,
    summary: `mean ${what} ${m.toFixed(2)} vs model ${e.toFixed(2)} (difference ${r.mean.toFixed(2)} ± ${r.error.toFixed(2)}, n = ${r.n})`,
    expected: e,
    measured: m,
    error: r.error,
    plot,
  };
}

function skipped(name: string, why: string): Check {
  return {
    name,
    passed: true,
    summary: `skipped: ${why}`,
    expected: Number.NaN,
    measured: Number.NaN,
    error: Number.NaN,
  };
}

const recoilOf = (code: number): Recoil => RECOILS.find((r) => RECOIL_CODE[r] === code) ?? 'er-beta';

/** Model checks of a simulated run's truth (the validation list). */
export function validateTruth(det: Detector, interactions: RecordBatch, peaks: RecordBatch): Check[] {
  const { tpc } = det.config;
  const n = interactions.length;
  const energy = col(interactions, 'energy');
  const recoil = col(interactions, 'recoil_type');
  const photons = col(interactions, 'photons');
  const electrons = col(interactions, 'electrons');
  const x = col(interactions, 'x');
  const y = col(interactions, 'y');
  const z = col(interactions, 'z');
  const drift = col(interactions, 'drift_time');
  const idx = Array.from({ length: n }, (_, i) => i);
  const model = idx.map((i) => meanYields(recoilOf(recoil[i]), energy[i], tpc.drift_field_v_cm, tpc.density_g_cm3));
  const checks: Check[] = [];
  const e = idx.map((i) => energy[i]);
  checks.push(
    residualCheck(
      'photon yield',
      'photons',
      idx.map((i) => photons[i]),
      model.map((m) => m.photons),
      {
        title: 'Photons per keV vs the yield model',
        xLabel: 'energy [keV]',
        yLabel: 'photons / keV',
        series: [
          { label: 'simulated', x: e, y: idx.map((i) => photons[i] / energy[i]), style: 'scatter', color: BLUE },
          { label: 'model mean', x: e, y: model.map((m, i) => m.photons / energy[i]), style: 'scatter', color: RED },
        ],
      },
    ),
    residualCheck(
      'charge yield',
      'electrons',
      idx.map((i) => electrons[i]),
      model.map((m) => m.electrons),
      {
        title: 'Electrons per keV vs the yield model',
        xLabel: 'energy [keV]',
        yLabel: 'electrons / keV',
        series: [
          { label: 'simulated', x: e, y: idx.map((i) => electrons[i] / energy[i]), style: 'scatter', color: BLUE },
          { label: 'model mean', x: e, y: model.map((m, i) => m.electrons / energy[i]), style: 'scatter', color: RED },
        ],
      },
    ),
  );

  const pmt = new PmtResponse(det);
  const s1 = new S1Response(det, pmt);
  const s2 = new S2Response(det, pmt);
  const g1Local = idx.map((i) => s1.expectedPePerPhoton(x[i], y[i], z[i]));
  const s1Pe = col(interactions, 's1_pe');
  checks.push(
    residualCheck(
      'S1 = g1 x photons',
      'S1 PE',
      idx.map((i) => s1Pe[i]),
      idx.map((i) => g1Local[i] * photons[i]),
      {
        title: 'S1 photoelectrons per photon vs depth',
        xLabel: 'z [cm]',
        yLabel: 'S1 PE / photon',
        series: [
          { label: 'simulated', x: z, y: idx.map((i) => s1Pe[i] / photons[i]), style: 'scatter', color: BLUE },
          { label: 'g1 at the position', x: z, y: g1Local, style: 'scatter', color: RED },
        ],
      },
    ),
  );

  const tau = tpc.electron_lifetime_us * 1000;
  const s2Pe = col(interactions, 's2_pe');
  const maxDrift = det.maxDriftNs;
  const curveT = Array.from({ length: 50 }, (_, k) => (k / 49) * maxDrift);
  checks.push(
    residualCheck(
      'S2 = g2 x electrons x exp(-t/tau)',
      'S2 PE',
      idx.map((i) => s2Pe[i]),
      idx.map((i) => det.g2 * s2.liveFraction(x[i], y[i]) * electrons[i] * Math.exp(-drift[i] / tau)),
      {
        title: 'S2 photoelectrons per electron vs drift time',
        xLabel: 'drift time [µs]',
        yLabel: 'S2 PE / electron',
        series: [
          {
            label: 'simulated',
            x: idx.map((i) => drift[i] / 1000),
            y: idx.map((i) => s2Pe[i] / electrons[i]),
            style: 'scatter',
            color: BLUE,
          },
          {
            label: 'g2 exp(-t/tau), all PMTs live',
            x: curveT.map((t) => t / 1000),
            y: curveT.map((t) => det.g2 * Math.exp(-t / tau)),
            style: 'line',
            color: RED,
          },
        ],
      },
    ),
  );

  // pair each deposit's S1 and S2 peaks by (event, deposit)
  const pType = col(peaks, 'type');
  const pEvent = peaks.column('event_id') as BigInt64Array;
  const pInteraction = col(peaks, 'interaction');
  const pCenter = peaks.column('center_time') as BigInt64Array;
  const s1Center = new Map<string, bigint>();
  for (let i = 0; i < peaks.length; i++)
    if (pType[i] === 1) s1Center.set(`${pEvent[i]}:${pInteraction[i]}`, pCenter[i]);
  const rowOf = new Map<string, number>();
  const iEvent = interactions.column('event_id') as BigInt64Array;
  const iIndex = col(interactions, 'interaction');
  for (let i = 0; i < n; i++) rowOf.set(`${iEvent[i]}:${iIndex[i]}`, i);
  const depth: number[] = [];
  const delay: number[] = [];
  const widthDrift: number[] = [];
  const widthRatio: number[] = [];
  const widths: number[] = [];
  const pWidth = col(peaks, 'width');
  const pPe = col(peaks, 'n_pe');
  const pElectrons = col(peaks, 'electrons');
  const pPhotons = col(peaks, 'n_photons');
  for (let i = 0; i < peaks.length; i++) {
    if (pType[i] !== 2 || pEvent[i] < 0n) continue;
    const key = `${pEvent[i]}:${pInteraction[i]}`;
    const row = rowOf.get(key);
    const s1c = s1Center.get(key);
    if (row === undefined) continue;
    if (s1c !== undefined) {
      depth.push(-z[row]);
      delay.push(Number(pCenter[i] - s1c));
    }
    if (pPe[i] >= 100) {
      widthDrift.push(drift[row]);
      widths.push(pWidth[i]);
      widthRatio.push(pWidth[i] / expectedS2Width(det, drift[row], pElectrons[i], pPhotons[i]));
    }
  }

  if (depth.length < 3) checks.push(skipped('drift time linear in depth', 'fewer than 3 S1/S2 pairs'));
  else {
    const fit = fitLine(depth, delay);
    const v = 1e4 / fit.slope;
    const want = tpc.drift_velocity_mm_us;
    const passed = Math.abs(v / want - 1) < 0.01 && fit.r2 > 0.999;
    const lineX = [Math.min(...depth), Math.max(...depth)];
    checks.push({
      name: 'drift time linear in depth',
      passed,
      summary: `fitted velocity ${v.toFixed(4)} mm/µs vs configured ${want} (R² = ${fit.r2.toFixed(6)}, n = ${depth.length})`,
      expected: want,
      measured: v,
      error: Number.NaN,
      plot: {
        title: 'S2 − S1 time vs depth',
        xLabel: 'depth below the gate [cm]',
        yLabel: 'S2 − S1 [µs]',
        series: [
          { label: 'simulated', x: depth, y: delay.map((d) => d / 1000), style: 'scatter', color: BLUE },
          {
            label: `configured ${want} mm/µs`,
            x: lineX,
            y: lineX.map((d) => (fit.intercept + (d * 1e4) / want) / 1000),
            style: 'line',
            color: RED,
          },
        ],
      },
    });
  }

  const seArea: number[] = [];
  const seExpected: number[] = [];
  const pArea = col(peaks, 'area');
  const px = col(peaks, 'x');
  const py = col(peaks, 'y');
  for (let i = 0; i < peaks.length; i++) {
    if (pType[i] !== 2 || pEvent[i] >= 0n) continue;
    seArea.push(pPe[i]);
    seExpected.push(tpc.single_electron_gain_pe * s2.liveFraction(px[i], py[i]));
  }
  if (seArea.length < 10) checks.push(skipped('single-electron S2 size', `only ${seArea.length} lone electrons`));
  else {
    const m = meanAndError(seArea);
    const want = meanAndError(seExpected).mean;
    const r = meanAndError(seArea.map((a, i) => a - seExpected[i]));
    const hist = histogram(seArea, 0, 3 * want, 30);
    let seAreaSum = 0;
    for (let i = 0; i < peaks.length; i++) if (pType[i] === 2 && pEvent[i] < 0n) seAreaSum += pArea[i];
    checks.push({
      name: 'single-electron S2 size',
      passed: Math.abs(r.mean) <= SIGMAS * r.error,
      summary: `mean ${m.mean.toFixed(2)} ± ${m.error.toFixed(2)} PE (area ${(seAreaSum / seArea.length).toFixed(2)} PE) vs configured ${tpc.single_electron_gain_pe} PE × live-PMT share = ${want.toFixed(2)} PE (n = ${m.n})`,
      expected: want,
      measured: m.mean,
      error: m.error,
      plot: {
        title: 'Lone-electron S2 size',
        xLabel: 'photoelectrons',
        yLabel: 'peaks',
        series: [
          { label: 'simulated', x: hist.edges, y: hist.counts, style: 'steps', color: BLUE },
          {
            label: `expected ${want.toFixed(1)} PE`,
            x: [want, want],
            y: [0, Math.max(...hist.counts)],
            style: 'line',
            color: RED,
          },
        ],
      },
    });
  }

  if (widthRatio.length < 3)
    checks.push(skipped('S2 width grows with depth as diffusion says', 'fewer than 3 S2s with >= 100 PE'));
  else {
    const m = meanAndError(widthRatio);
    const curve = curveT.map((t) => expectedS2Width(det, t) / 1000);
    checks.push({
      name: 'S2 width grows with depth as diffusion says',
      passed: Math.abs(m.mean - 1) <= Math.max(SIGMAS * m.error, 0.02),
      summary: `width / expected = ${m.mean.toFixed(4)} ± ${m.error.toFixed(4)} (n = ${m.n}; D_L = ${tpc.diffusion_longitudinal_cm2_s} cm²/s)`,
      expected: 1,
      measured: m.mean,
      error: m.error,
      plot: {
        title: 'S2 width (σ of photoelectron times) vs drift time',
        xLabel: 'drift time [µs]',
        yLabel: 'S2 σ [µs]',
        series: [
          {
            label: 'simulated',
            x: widthDrift.map((t) => t / 1000),
            y: widths.map((w) => w / 1000),
            style: 'scatter',
            color: BLUE,
          },
          { label: 'diffusion model', x: curveT.map((t) => t / 1000), y: curve, style: 'line', color: ORANGE },
        ],
      },
    });
  }
  return checks;
}

function histogram(values: number[], lo: number, hi: number, bins: number): { edges: number[]; counts: number[] } {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const b = Math.floor(((v - lo) / (hi - lo)) * bins);
    if (b >= 0 && b < bins) counts[b]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins), counts };
}
