/**
 * The Analysis page's whole state, kept in the URL (`#/analysis?...`) so every view is a permalink.
 * Ranges are written `lo:hi` as in `dance hist --range`; an absent range means "from the data".
 */
export interface AnalysisState {
  /** Catalog run expression, as `dance hist --runs` ('' = every stored run). */
  runs: string;
  table: string;
  /** Which lineage of the table, when a run has several. */
  lineage?: string;
  /** Cut file in the workspace; '' for none; undefined until the page picks the workspace's. */
  cuts?: string;
  /** Veto interval file in the workspace (adds the dq-veto step to the cut flow). */
  vetoes?: string;
  expr: string;
  bins: number;
  range?: [number, number];
  /** N−1: the histogram with every cut but this one. */
  without?: string;
  x: string;
  y: string;
  xbins: number;
  ybins: number;
  xrange?: [number, number];
  yrange?: [number, number];
  /** Box selected on the x–y plane: [xlo, xhi, ylo, yhi]. */
  box?: [number, number, number, number];
}

export const DEFAULTS = { table: 'event_info', expr: 'cs1', bins: 100, x: 'cs1', y: 'cs2', xbins: 100, ybins: 100 };

export function parseState(params: URLSearchParams): AnalysisState {
  const text = (key: string, fallback: string) => params.get(key)?.trim() || fallback;
  const count = (key: string, fallback: number, max: number) => {
    const n = Number(params.get(key));
    return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
  };
  return {
    runs: params.get('runs') ?? '',
    table: text('table', DEFAULTS.table),
    lineage: params.get('lineage') || undefined,
    cuts: params.get('cuts') ?? undefined,
    vetoes: params.get('vetoes') || undefined,
    expr: text('expr', DEFAULTS.expr),
    bins: count('bins', DEFAULTS.bins, 1000),
    range: numbers(params.get('range'), 2) as [number, number] | undefined,
    without: params.get('without') || undefined,
    x: text('x', DEFAULTS.x),
    y: text('y', DEFAULTS.y),
    xbins: count('xbins', DEFAULTS.xbins, 200),
    ybins: count('ybins', DEFAULTS.ybins, 200),
    xrange: numbers(params.get('xrange'), 2) as [number, number] | undefined,
    yrange: numbers(params.get('yrange'), 2) as [number, number] | undefined,
    box: numbers(params.get('box'), 4) as [number, number, number, number] | undefined,
  };
}

/** The URL parameters of a state, defaults left out so permalinks stay short. */
export function stateParams(s: AnalysisState): URLSearchParams {
  const p = new URLSearchParams();
  const put = (key: string, value: string | number | undefined, fallback?: string | number) => {
    if (value !== undefined && value !== fallback) p.set(key, String(value));
  };
  put('runs', s.runs, '');
  put('table', s.table, DEFAULTS.table);
  put('lineage', s.lineage);
  put('cuts', s.cuts);
  put('vetoes', s.vetoes);
  put('expr', s.expr, DEFAULTS.expr);
  put('bins', s.bins, DEFAULTS.bins);
  put('range', s.range?.join(':'));
  put('without', s.without);
  put('x', s.x, DEFAULTS.x);
  put('y', s.y, DEFAULTS.y);
  put('xbins', s.xbins, DEFAULTS.xbins);
  put('ybins', s.ybins, DEFAULTS.ybins);
  put('xrange', s.xrange?.join(':'));
  put('yrange', s.yrange?.join(':'));
  put('box', s.box?.join(':'));
  return p;
}

/** `n` finite numbers separated by ':', or undefined. */
export function numbers(text: string | null, n: number): number[] | undefined {
  if (!text) return undefined;
  const parts = text.split(':').map((t) => (t.trim() === '' ? Number.NaN : Number(t)));
  return parts.length === n && parts.every(Number.isFinite) ? parts : undefined;
}
