import { getJson } from '../api.js';
import type { AnalysisState } from './state.js';

/** The server's analysis replies (packages/server/src/routes/analysis.ts). */
export interface Axis {
  label: string;
  bins: number;
  lo: number;
  hi: number;
}

/** Cells row-major with x fastest, flow bins included: cell = ix + (xbins + 2) * iy. */
export interface HistogramJson {
  axes: Axis[];
  sumw: number[];
  sumw2: number[];
  entries: number[];
}

export interface Provenance {
  runs: string[];
  products: { run: string; type: string; lineage: string }[];
  cuts?: { file: string; name: string; version: number; lineage: string };
  blinding: { blinded: { name: string; table: string; where: string }[]; unblinded: { region: string }[] };
}

export interface CutFlowRow {
  cut: string;
  passed: number;
  efficiency: number;
  cumulative: number;
  passedOthers: number;
  nMinusOneEfficiency: number;
}

export interface CutFlowReply {
  cutflow: { table: string; total: number; rows: CutFlowRow[] };
  cuts: { name: string; expr: string }[];
  provenance: Provenance;
}

export interface BoxReply {
  columns: string[];
  /** [run, time, event_number, x, y] */
  rows: [string | null, string, string | null, number, number][];
  total: number;
  limit: number;
  truncated: boolean;
}

export type CutFile =
  | { file: string; name: string; version: number; lineage: string }
  | { file: string; error: string };

/** The selection every analysis request carries. */
function selection(s: AnalysisState): Record<string, string> {
  const q: Record<string, string> = { table: s.table };
  if (s.runs) q.runs = s.runs;
  if (s.lineage) q.lineage = s.lineage;
  if (s.cuts) q.cuts = s.cuts;
  if (s.vetoes) q.vetoes = s.vetoes;
  return q;
}

function url(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return `/api/analysis/${path}?${q}`;
}

function histParams(s: AnalysisState) {
  return { ...selection(s), expr: s.expr, bins: s.bins, lo: s.range?.[0], hi: s.range?.[1], without: s.without };
}

function scatterParams(s: AnalysisState) {
  return {
    ...selection(s),
    x: s.x,
    y: s.y,
    xbins: s.xbins,
    ybins: s.ybins,
    xlo: s.xrange?.[0],
    xhi: s.xrange?.[1],
    ylo: s.yrange?.[0],
    yhi: s.yrange?.[1],
  };
}

/** The histogram or plane as a plot file (SVG or PNG with provenance), as `dance hist --svg/--png`. */
export function plotUrl(plot: 'hist' | 'scatter', s: AnalysisState, format: 'svg' | 'png'): string {
  return url(plot, { ...(plot === 'hist' ? histParams(s) : scatterParams(s)), format });
}

export const analysisApi = {
  cutFiles: () => getJson<{ files: CutFile[] }>('/api/analysis/cut-files'),
  cutflow: (s: AnalysisState) => getJson<CutFlowReply>(url('cutflow', selection(s))),
  hist: (s: AnalysisState) => getJson<{ histogram: HistogramJson; provenance: Provenance }>(url('hist', histParams(s))),
  scatter: (s: AnalysisState) =>
    getJson<{ histogram: HistogramJson; provenance: Provenance }>(url('scatter', scatterParams(s))),
  eventsInBox: (s: AnalysisState, box: [number, number, number, number]) =>
    getJson<BoxReply>(
      url('events-in-box', { ...selection(s), x: s.x, y: s.y, xlo: box[0], xhi: box[1], ylo: box[2], yhi: box[3] }),
    ),
};
