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

/** Bin index in SQL, the same arithmetic as binIndex() in histogram.ts; NULL values are not filled. */
function binSql(x: string, a: Axis): string {
  const lo = sqlNumber(a.lo);
  const hi = sqlNumber(a.hi);
  return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} < ${lo} THEN 0 WHEN NOT (${x} < ${hi}) THEN ${a.bins + 1} ELSE least(${a.bins}, floor((${x} - ${lo}) / (${hi} - ${lo}) * ${a.bins})::BIGINT + 1) END`;
}

/** Fills a histogram by binning in DuckDB: one scan, and only the non-empty bins come back. */
export async function histogram(session: AnalysisSession, q: HistogramQuery): Promise<Histogram> {
  session.requireView(q.table);
  q.axes.forEach(checkAxis);
  const values = q.axes.map((a, i) => `(${a.label})::DOUBLE AS v${i}`);
  const bins = q.axes.map((a, i) => `${binSql(`v${i}`, a)} AS b${i}`);
  const keys = q.axes.map((_, i) => `b${i}`);
  const sql = [
    `SELECT ${keys.join(', ')}, count(*) AS n, sum(w) AS sw, sum(w * w) AS sw2 FROM (`,
    `SELECT ${bins.join(', ')}, w FROM (`,
    `SELECT ${values.join(', ')}, (${q.weight ?? '1'})::DOUBLE AS w FROM ${quoteIdent(q.table)} WHERE ${q.where ?? 'true'}`,
    `)) WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')} GROUP BY ${keys.join(', ')}`,
  ].join(' ');
  const h = new Histogram(q.axes);
  for await (const part of session.stream(sql)) {
    for (const r of part.rows) {
      h.add(
        h.cell(Number(r.b0), r.b1 === undefined ? 0 : Number(r.b1)),
        Number(r.sw ?? 0),
        Number(r.sw2 ?? 0),
        Number(r.n),
      );
    }
  }
  return h;
}
