/**
 * Query-string schemas of the analysis routes, declared once: Fastify validates with them and the
 * OpenAPI description is derived from them (openapi.ts).
 */

/** Largest bin count of a 1D histogram, and of each axis of the cS1–cS2 plane: replies stay small. */
export const MAX_BINS = 1000;
export const MAX_BINS_2D = 200;
/** Most events one box selection lists (the reply says how many matched in all). */
export const MAX_BOX_EVENTS = 1000;

/** A single SQL expression: statement separators and comments are refused before DuckDB sees it. */
const expression = (description: string) =>
  ({ type: 'string', minLength: 1, maxLength: 500, pattern: '^(?!.*(;|--|/\\*)).*$', description }) as const;

/** A YAML file inside the workspace: relative, segments that cannot be '..'. */
const workspaceYaml = (description: string) =>
  ({
    type: 'string',
    maxLength: 200,
    pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\\.ya?ml$',
    description,
  }) as const;

const bins = (max: number, fallback: number) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: fallback, description: `bins (1 to ${max})` }) as const;
const edge = (description: string) => ({ type: 'number', description }) as const;

/** What every analysis request selects: runs, table, cuts and vetoes, as the CLI's options. */
const selection = {
  runs: {
    type: 'string',
    maxLength: 2000,
    default: '',
    description: "catalog run expression as in `dance hist --runs`, e.g. source = 'kr83m'; empty for every stored run",
  },
  table: {
    type: 'string',
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
    default: 'event_info',
    description: 'table product type',
  },
  lineage: {
    type: 'string',
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
    description: 'which lineage when a run has several',
  },
  cuts: workspaceYaml('cut file in the workspace (YAML: name, version, cuts), e.g. cuts.yaml'),
  vetoes: workspaceYaml('veto interval file in the workspace (YAML: name, version, intervals)'),
} as const;

export interface SelectionQuery {
  runs: string;
  table: string;
  lineage?: string;
  cuts?: string;
  vetoes?: string;
}

/** How a histogram comes back: JSON, or the plot as `dance hist --svg/--png` writes it (provenance embedded). */
export type PlotFormat = 'json' | 'svg' | 'png';
const format = {
  type: 'string',
  enum: ['json', 'svg', 'png'],
  default: 'json',
  description: 'json, or the plot as SVG or PNG with the provenance embedded',
} as const;

export const cutflowQuery = { type: 'object', additionalProperties: false, properties: selection } as const;

export interface HistQuery extends SelectionQuery {
  expr: string;
  bins: number;
  lo?: number;
  hi?: number;
  without?: string;
  format: PlotFormat;
}

export const histQuery = {
  type: 'object',
  required: ['expr'],
  additionalProperties: false,
  properties: {
    ...selection,
    expr: expression('expression to histogram, e.g. cs1 or log10(cs2)'),
    bins: bins(MAX_BINS, 100),
    lo: edge('lower edge (default: the smallest value passing the cuts)'),
    hi: edge('upper edge (default: just above the largest value)'),
    without: { type: 'string', maxLength: 64, description: 'N−1: apply every cut but this one' },
    format,
  },
} as const;

export interface ScatterQuery extends SelectionQuery {
  x: string;
  y: string;
  xbins: number;
  ybins: number;
  xlo?: number;
  xhi?: number;
  ylo?: number;
  yhi?: number;
  format: PlotFormat;
}

const plane = {
  x: { ...expression('x expression'), default: 'cs1' },
  y: { ...expression('y expression'), default: 'cs2' },
  xlo: edge('x lower edge (default: data minimum)'),
  xhi: edge('x upper edge (default: data maximum)'),
  ylo: edge('y lower edge (default: data minimum)'),
  yhi: edge('y upper edge (default: data maximum)'),
} as const;

export const scatterQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...selection, ...plane, xbins: bins(MAX_BINS_2D, 100), ybins: bins(MAX_BINS_2D, 100), format },
} as const;

export interface BoxQuery extends SelectionQuery {
  x: string;
  y: string;
  xlo: number;
  xhi: number;
  ylo: number;
  yhi: number;
  limit: number;
}

export const boxQuery = {
  type: 'object',
  required: ['xlo', 'xhi', 'ylo', 'yhi'],
  additionalProperties: false,
  properties: {
    ...selection,
    ...plane,
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_BOX_EVENTS,
      default: 100,
      description: `events listed, first in time (at most ${MAX_BOX_EVENTS})`,
    },
  },
} as const;
