import { UserError } from '@dance/schema';
import type { AnalysisSession } from './session.js';

/**
 * One numeric column of a checked query as a Float64Array, streamed chunk by chunk, with a cap so an
 * unbinned fit cannot exhaust memory (8 bytes per value: the default cap is 80 MB).
 */
export async function columnValues(session: AnalysisSession, sql: string, cap = 10_000_000): Promise<Float64Array> {
  let out = new Float64Array(1 << 16);
  let n = 0;
  for await (const part of session.stream(sql)) {
    const name = part.columns[0];
    for (const row of part.rows) {
      const v = row[name];
      if (v === null) continue;
      if (n === cap) throw new UserError(`more than ${cap} values: use a binned fit or tighter cuts`);
      if (n === out.length) {
        const grown = new Float64Array(Math.min(out.length * 2, cap));
        grown.set(out);
        out = grown;
      }
      out[n++] = Number(v);
    }
  }
  return out.subarray(0, n);
}
