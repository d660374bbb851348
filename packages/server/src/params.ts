/**
 * The JSON schemas of the API's parameters, declared once: Fastify validates requests with them
 * (a mismatch is a 400 naming the parameter) and openapi.ts describes the routes from them.
 */

/** Names of runs, data types and lineages: also what keeps every path inside the workspace. */
const name = (description: string) =>
  ({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description }) as const;

/** int64 ns since the Unix epoch, as a decimal string (a JSON number would lose precision). */
const ns = (description: string) => ({ type: 'string', pattern: '^[0-9]{1,19}$', description }) as const;

/** Largest page of runs one request may ask for. */
export const MAX_RUNS_PAGE = 10_000;
/** Longest time window of rows one request may ask for (ns): 0.1 s of a 494-channel TPC is ~10 MB. */
export const MAX_WINDOW_NS = 100_000_000n;
/** Most rows one data request may return. */
export const MAX_ROWS = 500_000;

export const runParams = {
  type: 'object',
  required: ['run'],
  additionalProperties: false,
  properties: { run: name('run id, e.g. kr-001') },
} as const;

export const productParams = {
  type: 'object',
  required: ['run', 'type', 'lineage'],
  additionalProperties: false,
  properties: {
    run: name('run id'),
    type: name('data type, e.g. raw_records'),
    lineage: name('lineage hash of the configuration that made the product'),
  },
} as const;

export const runsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    where: {
      type: 'string',
      maxLength: 2000,
      description: "metadata expression, e.g. source = 'kr83m' and drift_field > 100",
    },
    search: { type: 'string', maxLength: 200, description: 'text in the comments (case-insensitive)' },
    tag: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description: 'only runs with this tag' },
    from: ns('runs starting at or after this time'),
    to: ns('runs starting before this time'),
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_RUNS_PAGE,
      default: 1000,
      description: 'at most this many runs',
    },
  },
} as const;

export const windowQuery = {
  type: 'object',
  required: ['start', 'end'],
  additionalProperties: false,
  properties: {
    start: ns('window start: rows ending after it'),
    end: ns('window end: rows starting before it'),
    columns: {
      type: 'string',
      pattern: '^[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$',
      maxLength: 1000,
      description: 'comma-separated columns (time is always included); default all',
    },
  },
} as const;

/** Largest page of table rows (events) one request may ask for. */
export const MAX_ROWS_PAGE = 10_000;

export const rowsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    where: {
      type: 'string',
      maxLength: 2000,
      description: 'SQL condition on the columns, e.g. cs1 > 10 and drift_time < 500000',
    },
    columns: {
      type: 'string',
      pattern: '^[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$',
      maxLength: 1000,
      description: 'comma-separated columns; default all',
    },
    offset: { type: 'integer', minimum: 0, default: 0, description: 'rows to skip, in time order' },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_ROWS_PAGE,
      default: 100,
      description: 'rows in the page',
    },
  },
} as const;
