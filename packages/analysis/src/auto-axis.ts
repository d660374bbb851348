import { UserError } from '@dance/schema';
import type { Axis } from './histogram.js';
import type { AnalysisSession } from './session.js';
import { quoteIdent } from './sql.js';

export interface AxisQuery {
  table: string;
  /** The expression binned on this axis. */
  expr: string;
  bins: number;
  /** Predicate the histogram applies (cuts; blinding is in the session's view); default all rows. */
  where?: string;
  /** Edges; either or both left out come from the data. */
  lo?: number;
  hi?: number;
}

/**
 * The axis of `expr`: the given edges, or the range of its finite values among the rows passing
 * `where`, with the upper edge nudged up so the largest value falls inside the last bin rather than
 * in the overflow. One value: a unit-wide range around it. Shared by `dance hist` and the web API.
 */
export async function axisFor(session: AnalysisSession, q: AxisQuery): Promise<Axis> {
  if (q.lo !== undefined && q.hi !== undefined) return { label: q.expr, bins: q.bins, lo: q.lo, hi: q.hi };
  session.requireView(q.table);
  const [range] = await session.all(
    `SELECT min(v) AS lo, max(v) AS hi FROM (SELECT (${q.expr})::DOUBLE AS v FROM ${quoteIdent(q.table)} WHERE ${q.where ?? 'true'}) WHERE isfinite(v)`,
  );
  if (range.lo === null || range.hi === null) {
    throw new UserError(`'${q.expr}': no finite values pass the selection, so there is no range to take: give one`);
  }
  const min = Number(range.lo);
  const max = Number(range.hi);
  const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max + (max - min) * 1e-6];
  return { label: q.expr, bins: q.bins, lo: q.lo ?? lo, hi: q.hi ?? hi };
}
