import { isUserError, RecordBatch, type RecordSchema, type TypedArray } from '@dance/schema';
import { decodeParquet } from '@dance/store';
import type { HistogramQuery } from '../hist-sql.js';
import { Histogram } from '../histogram.js';
import type { AnalysisSession } from '../session.js';
import { ChunkFile } from './chunk-file.js';
import { COMPARISONS, type ColumnRef, Compiler, type LiteralValue } from './compile.js';
import { type Expr, OutsideSubset, parseExpr } from './parse.js';

/** A histogram scan over typed arrays, or why the query needs DuckDB. */
export type ScanOutcome = { histogram: Histogram } | { fallback: string };

type Kernel = (cols: TypedArray[], n: number, sumw: Float64Array, sumw2: Float64Array, entries: Float64Array) => void;

/**
 * Fills the histogram of `q` by reading the view's stored Parquet chunks one at a time with the store's
 * codec and running one generated loop per chunk: blinding regions (a row is hidden unless every region
 * is false, as the view's `NOT coalesce(r1 OR r2, true)`), the cuts, binning (binIndex's arithmetic) and
 * the fill. DuckDB spends its time here in generic filter and GROUP BY operators; a loop compiled for the
 * one query made the whole query ~2x faster (bench/analysis). The columns are the ones the manifests
 * say were stored. Expressions outside the subset of parse.ts/compile.ts, tables whose runs stored
 * different schemas, and chunks the codec cannot read fall back to DuckDB.
 */
export async function scanHistogram(session: AnalysisSession, q: HistogramQuery): Promise<ScanOutcome> {
  const table = session.tables.find((t) => t.name === q.table);
  const schema = table?.schema;
  if (!table || !schema) return { fallback: `the runs store '${q.table}' with different schemas` };
  if (!table.files.every((f) => f.endsWith('.parquet'))) return { fallback: 'chunks are not Parquet' };
  const regions = session.blinding.filter((r) => r.table === q.table).map((r) => r.where);
  let kernel: Kernel;
  let used: ColumnRef[];
  try {
    const values = q.axes.map((a) => parseExpr(a.label));
    const weight = q.weight === undefined ? undefined : parseExpr(q.weight);
    const where = parseExpr(q.where ?? 'true');
    const hidden = regions.map(parseExpr);
    const all = [...values, ...(weight ? [weight] : []), where, ...hidden];
    const columns = new Map<string, ColumnRef>();
    for (const f of schema.fields) if (f.shape === undefined) columns.set(f.name.toLowerCase(), f);
    const compiler = new Compiler(columns, await castLiterals(session, all));
    const body = kernelSource(
      q,
      values.map((v) => compiler.number(v)),
      weight && compiler.number(weight),
      compiler.predicate(where),
      hidden.map((h) => compiler.predicate(h)),
      compiler.used.length,
    );
    used = compiler.used;
    kernel = new Function('cols', 'n', 'sumw', 'sumw2', 'entries', body) as Kernel;
  } catch (err) {
    if (err instanceof OutsideSubset) return { fallback: err.message };
    throw err;
  }
  const h = new Histogram(q.axes);
  const names = used.map((c) => c.name);
  // The columns read, without the `time` every defined record starts with (a projection option would
  // always add it): decoding an unused int64 column cost a third of the decompression.
  const wanted = new Set(names);
  const projection: RecordSchema = { ...schema, fields: schema.fields.filter((f) => wanted.has(f.name)) };
  const file = new ChunkFile();
  const allocate = reusedColumns();
  for (const path of table.files) {
    let cols: TypedArray[];
    let rows: number;
    try {
      const batch = decodeParquet(projection, file.read(path, wanted), { file: path, allocate });
      cols = names.map((name) => batch.column(name));
      rows = batch.length;
    } catch (err) {
      // DuckDB reads more Parquet than the store's codec; it also gives its own error for a broken file.
      if (isUserError(err)) return { fallback: `store codec: ${(err as Error).message}` };
      throw err;
    }
    kernel(cols, rows, h.sumw, h.sumw2, h.entries);
  }
  if (q.weight === undefined) {
    h.sumw.set(h.entries);
    h.sumw2.set(h.entries);
  }
  return { histogram: h };
}

/**
 * Decodes every chunk into the same arrays (grown when a chunk is longer): fresh arrays per chunk cost
 * as much in page faults and garbage collection as the loop itself, and the peak memory grew with them.
 */
function reusedColumns(): (schema: RecordSchema, rows: number) => RecordBatch {
  let pool: RecordBatch | undefined;
  return (schema, rows) => {
    if (!pool || pool.length < rows) pool = RecordBatch.allocate(schema, rows);
    if (pool.length === rows) return pool;
    const reused = pool;
    const columns = schema.fields.map((f) => [f.name, reused.column(f.name).subarray(0, rows * (f.shape ?? 1))]);
    return new RecordBatch(schema, rows, Object.fromEntries(columns));
  };
}

/** Every number literal's value as DuckDB casts it to FLOAT and to DOUBLE (its decimal-to-float cast is its own). */
async function castLiterals(session: AnalysisSession, exprs: Expr[]): Promise<Map<string, LiteralValue>> {
  const texts = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'number') texts.add(e.text);
    for (const v of Object.values(e)) if (typeof v === 'object' && v !== null) walk(v as Expr);
  };
  exprs.forEach(walk);
  const list = [...texts];
  const out = new Map<string, LiteralValue>();
  if (list.length === 0) return out;
  // TRY_CAST: a literal that has no FLOAT value becomes NaN, which the compiler refuses (DuckDB then runs
  // the query), instead of failing a query that only needs its DOUBLE value.
  const cast = (t: string, type: string) => `TRY_CAST((${t}) AS ${type})::DOUBLE`;
  const select = list.map((t, i) => `${cast(t, 'FLOAT')} AS f${i}, ${cast(t, 'DOUBLE')} AS d${i}`).join(', ');
  const [row] = await session.all(`SELECT ${select}`);
  const value = (v: unknown) => (v === null ? Number.NaN : Number(v));
  list.forEach((t, i) => {
    out.set(t, { float: value(row[`f${i}`]), double: value(row[`d${i}`]) });
  });
  return out;
}

/** The loop over one chunk's rows; every value in it is a number the compiler produced, never user text. */
function kernelSource(
  q: HistogramQuery,
  values: string[],
  weight: string | undefined,
  where: string,
  hidden: string[],
  columns: number,
): string {
  const lines = [COMPARISONS];
  for (let c = 0; c < columns; c++) lines.push(`const c${c} = cols[${c}];`);
  q.axes.forEach((a, k) => {
    lines.push(`const lo${k} = ${a.lo}, hi${k} = ${a.hi}, width${k} = hi${k} - lo${k}, bins${k} = ${a.bins};`);
  });
  lines.push('for (let i = 0; i < n; i++) {');
  if (hidden.length) lines.push(`  if (${hidden.join(' || ')}) continue;`);
  lines.push(`  if (!(${where})) continue;`);
  q.axes.forEach((_, k) => {
    lines.push(`  const x${k} = ${values[k]};`);
    lines.push(
      `  const b${k} = x${k} < lo${k} ? 0 : !(x${k} < hi${k}) ? bins${k} + 1 : Math.min(bins${k}, Math.floor(((x${k} - lo${k}) / width${k}) * bins${k}) + 1);`,
    );
  });
  lines.push(`  const cell = ${q.axes.length === 2 ? `b0 + ${q.axes[0].bins + 2} * b1` : 'b0'};`);
  lines.push('  entries[cell] += 1;');
  if (weight !== undefined) lines.push(`  const w = ${weight};`, '  sumw[cell] += w;', '  sumw2[cell] += w * w;');
  lines.push('}');
  return lines.join('\n');
}
