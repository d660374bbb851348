import type { Cut } from './cuts.js';
import { allOf } from './cuts.js';
import type { AnalysisSession } from './session.js';
import { quoteIdent } from './sql.js';

export interface CutFlowRow {
  cut: string;
  /** Rows passing this cut and every one before it. */
  passed: number;
  /** passed / passed by the previous step. */
  efficiency: number;
  /** passed / all rows. */
  cumulative: number;
  /** Rows passing every other cut (the N−1 selection). */
  passedOthers: number;
  /** passed-all / passedOthers: this cut's efficiency after all the others. */
  nMinusOneEfficiency: number;
}

export interface CutFlow {
  table: string;
  total: number;
  rows: CutFlowRow[];
}

/** The cut flow in one scan: cumulative counts and N−1 counts as count(*) FILTER (...) aggregates. */
export async function cutFlow(
  session: AnalysisSession,
  table: string,
  cuts: readonly Cut[],
  extra = 'true',
): Promise<CutFlow> {
  session.requireView(table);
  const cumulative = cuts.map((_, i) => `count(*) FILTER (WHERE ${allOf(cuts.slice(0, i + 1))}) AS "c${i}"`);
  const others = cuts.map((_, i) => `count(*) FILTER (WHERE ${allOf(cuts.filter((_c, j) => j !== i))}) AS "m${i}"`);
  const sql = `SELECT ${['count(*) AS total', ...cumulative, ...others].join(', ')} FROM ${quoteIdent(table)} WHERE ${extra}`;
  const [row] = await session.all(sql);
  const total = Number(row.total);
  const all = cuts.length ? Number(row[`c${cuts.length - 1}`]) : total;
  let previous = total;
  const rows = cuts.map((cut, i) => {
    const passed = Number(row[`c${i}`]);
    const passedOthers = Number(row[`m${i}`]);
    const out = {
      cut: cut.name,
      passed,
      efficiency: ratio(passed, previous),
      cumulative: ratio(passed, total),
      passedOthers,
      nMinusOneEfficiency: ratio(all, passedOthers),
    };
    previous = passed;
    return out;
  });
  return { table, total, rows };
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : Number.NaN;
}
