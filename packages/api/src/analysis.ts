import { z } from 'zod';
import { int64, ns, real } from './json.js';

/** A regular axis: `bins` equal bins over [lo, hi); bin 0 is underflow, bins+1 overflow. */
export const axis = z.object({
  label: z.string().describe('the expression binned, as written'),
  bins: z.number().int(),
  lo: z.number(),
  hi: z.number(),
});
export type Axis = z.input<typeof axis>;

/** A 1D or 2D histogram; cells row-major with x fastest, flow bins included: cell = ix + (xbins + 2) * iy. */
export const histogramJson = z.object({
  axes: z.array(axis).min(1).max(2).readonly(),
  sumw: z.array(z.number()).describe('sum of weights per cell'),
  sumw2: z.array(z.number()).describe('sum of squared weights per cell'),
  entries: z.array(z.number()).describe('entries per cell'),
});
export type HistogramJson = z.input<typeof histogramJson>;

/** One cut of a cut file. */
export const cut = z.object({
  name: z.string(),
  expr: z.string().describe('SQL predicate over the table columns'),
  description: z.string().optional(),
});
export type Cut = z.input<typeof cut>;

/** A product a result was made from. */
const productRef = z.object({
  run: z.string(),
  type: z.string(),
  lineage: z.string(),
  chunks: z.number().int(),
  rows: z.number().int(),
  start: ns('first chunk start'),
  end: ns('last chunk end'),
  sha256: z.array(z.string()).describe('sha256 of each chunk: the exact bytes analysed'),
});

/** What an analysis result was made from: enough to reproduce it and to tell two results apart. */
export const resultProvenance = z.object({
  software: z.object({ name: z.literal('dance'), version: z.string() }),
  created: z.string().describe('ISO 8601 UTC'),
  runQuery: z.string().describe("the run expression ('' for every stored run)"),
  runs: z.array(z.string()),
  products: z.array(productRef),
  request: z.record(z.string(), z.unknown()).describe('the histogram, cut flow or selection as asked'),
  cuts: z
    .object({ file: z.string(), name: z.string(), version: z.number().int(), cuts: z.array(cut), lineage: z.string() })
    .optional(),
  vetoes: z
    .object({
      file: z.string(),
      name: z.string(),
      version: z.number().int(),
      lineage: z.string(),
      intervals: z.number().int(),
      livetime: z.array(z.object({ run: z.string(), exposure: int64('ns'), live: int64('ns after vetoes') })),
    })
    .optional(),
  blinding: z.object({
    blinded: z.array(z.object({ name: z.string(), table: z.string(), where: z.string(), definition: z.string() })),
    unblinded: z.array(
      z.object({ region: z.string(), definition: z.string(), time: z.string(), user: z.string(), reason: z.string() }),
    ),
  }),
});
export type ResultProvenance = z.input<typeof resultProvenance>;

/** GET /api/analysis/hist and /api/analysis/scatter with format=json */
export const histReply = z.object({ histogram: histogramJson, provenance: resultProvenance });
export type HistReply = z.input<typeof histReply>;

export const cutFlowRow = z.object({
  cut: z.string(),
  passed: z.number().int().describe('rows passing this cut and every one before it'),
  efficiency: real('passed / passed by the previous step'),
  cumulative: real('passed / all rows'),
  passedOthers: z.number().int().describe('rows passing every other cut (N−1)'),
  nMinusOneEfficiency: real("passed-all / passedOthers: this cut's efficiency after all the others"),
});
export type CutFlowRow = z.input<typeof cutFlowRow>;

/** GET /api/analysis/cutflow */
export const cutFlowReply = z.object({
  cutflow: z.object({ table: z.string(), total: z.number().int(), rows: z.array(cutFlowRow) }),
  cuts: z.array(cut),
  provenance: resultProvenance,
});
export type CutFlowReply = z.input<typeof cutFlowReply>;

/** GET /api/analysis/events-in-box: events passing the cuts inside a box, first in time. */
export const boxReply = z.object({
  columns: z.array(z.string()).describe('run, time, event_number, the x and y expressions'),
  rows: z.array(
    z.tuple([
      z.string().nullable().describe('run'),
      ns('event time'),
      int64('event number').nullable(),
      z.number().describe('x'),
      z.number().describe('y'),
    ]),
  ),
  total: z.number().int().describe('events in the box'),
  limit: z.number().int(),
  truncated: z.boolean().describe('total > rows listed'),
  provenance: resultProvenance,
});
export type BoxReply = z.input<typeof boxReply>;

/** A cut file in the workspace: its cuts, or why it does not load. */
export const cutFile = z.union([
  z.object({ file: z.string(), name: z.string(), version: z.number().int(), lineage: z.string(), cuts: z.array(cut) }),
  z.object({ file: z.string(), error: z.string() }),
]);
export type CutFile = z.input<typeof cutFile>;

/** GET /api/analysis/cut-files */
export const cutFilesReply = z.object({ files: z.array(cutFile) });
export type CutFilesReply = z.input<typeof cutFilesReply>;
