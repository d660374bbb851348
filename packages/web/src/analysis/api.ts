import type { BoxReply, CutFilesReply, CutFlowReply, HistReply } from '@dance/api';
import { getJson } from '../api.js';
import type { AnalysisState } from './state.js';

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
  cutFiles: () => getJson<CutFilesReply>('/api/analysis/cut-files'),
  cutflow: (s: AnalysisState) => getJson<CutFlowReply>(url('cutflow', selection(s))),
  hist: (s: AnalysisState) => getJson<HistReply>(url('hist', histParams(s))),
  scatter: (s: AnalysisState) => getJson<HistReply>(url('scatter', scatterParams(s))),
  eventsInBox: (s: AnalysisState, box: [number, number, number, number]) =>
    getJson<BoxReply>(
      url('events-in-box', { ...selection(s), x: s.x, y: s.y, xlo: box[0], xhi: box[1], ylo: box[2], yhi: box[3] }),
    ),
};
