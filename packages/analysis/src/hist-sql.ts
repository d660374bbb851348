import { scanHistogram } from './fast/scan.js';
import { type Axis, checkAxis, Histogram } from './histogram.js';
import type { AnalysisSession } from './session.js';
import { quoteIdent, sqlNumber } from './sql.js';

export interface HistogramQuery {
  table: string;
  axes: Axis[];
  /** Predicate selecting rows (cuts, vetoes); default all. */
  where?: string;
  /** Per-row weight expression; default 1. */
  weight?: string;
}

/**
 * Bin index in SQL, the same arithmetic as binIndex() in histogram.ts. NULL falls through every
 * comparison to floor(NULL), so NULL values get no bin and are not filled.
 */
function binSql(x: string, a: Axis): string {
  const lo = sqlNumber(a.lo);
  const hi = sqlNumber(a.hi);
  return `CASE WHEN ${x} < ${lo} THEN 0 WHEN ${x} >= ${hi} THEN ${a.bins + 1} ELSE least(${a.bins}, floor((${x} - ${lo}) / (${hi} - ${lo}) * ${a.bins})::BIGINT + 1) END`;
}

/** Which engine filled a histogram: the typed-array scan, or DuckDB (and why the scan could not). */
export type HistogramEngine = { engine: 'typed-array scan' } | { engine: 'duckdb'; reason: string };

/** Fills a histogram; see histogramWithEngine. */
export async function histogram(session: AnalysisSession, q: HistogramQuery): Promise<Histogram> {
  return (await histogramWithEngine(session, q)).histogram;
}

/**
 * Fills a histogram with the typed-array scan over the stored chunks when every expression is in its
 * subset (fast/), else in DuckDB; both give the same bins, flows and sums (tested side by side).
 */
export async function histogramWithEngine(
  session: AnalysisSession,
  q: HistogramQuery,
): Promise<{ histogram: Histogram } & HistogramEngine> {
  session.requireView(q.table);
  q.axes.forEach(checkAxis);
  const scan = await scanHistogram(session, q);
  if ('histogram' in scan) return { histogram: scan.histogram, engine: 'typed-array scan' };
  return { histogram: await histogramInDuckDB(session, q), engine: 'duckdb', reason: scan.fallback };
}

/**
 * Fills a histogram by binning in DuckDB: one scan, and only the non-empty bins come back. Unweighted
 * histograms aggregate count(*) alone (sumw = sumw2 = entries), which keeps the scan as cheap as a
 * hand-written GROUP BY.
 */
export async function histogramInDuckDB(session: AnalysisSession, q: HistogramQuery): Promise<Histogram> {
  session.requireView(q.table);
  q.axes.forEach(checkAxis);
  const values = q.axes.map((a, i) => `(${a.label})::DOUBLE AS v${i}`);
  const bins = q.axes.map((a, i) => `${binSql(`v${i}`, a)} AS b${i}`);
  const keys = q.axes.map((_, i) => `b${i}`);
  const weight = q.weight === undefined ? '' : `, (${q.weight})::DOUBLE AS w`;
  const sums = q.weight === undefined ? '' : ', sum(w) AS sw, sum(w * w) AS sw2';
  const sql = [
    `SELECT ${keys.join(', ')}, count(*) AS n${sums} FROM (`,
    `SELECT ${bins.join(', ')}${q.weight === undefined ? '' : ', w'} FROM (`,
    `SELECT ${values.join(', ')}${weight} FROM ${quoteIdent(q.table)} WHERE ${q.where ?? 'true'}`,
    `)) WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')} GROUP BY ${keys.join(', ')}`,
  ].join(' ');
  const h = new Histogram(q.axes);
  for await (const part of session.stream(sql)) {
    for (const r of part.rows) {
      const n = Number(r.n);
      const cell = h.cell(Number(r.b0), r.b1 === undefined ? 0 : Number(r.b1));
      if (q.weight === undefined) h.add(cell, n, n, n);
      else h.add(cell, Number(r.sw ?? 0), Number(r.sw2 ?? 0), n);
    }
  }
  return h;
}
