import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import {
  allOf,
  axisFor,
  type Cut,
  cutFlow,
  type Histogram,
  histogram,
  histogramSvg,
  loadCuts,
  type OpenAnalysis,
  openAnalysis,
  type ProductRef,
  type ResultProvenance,
  svgToPng,
} from '@dance/analysis';
import { boxReply, cutFilesReply, cutFlowReply, histReply, type Served } from '@dance/api';
import { UserError } from '@dance/schema';
import type { Workspace } from '@dance/workspace';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  type BoxQuery,
  boxQuery,
  cutflowQuery,
  type HistQuery,
  histQuery,
  MAX_BOX_EVENTS,
  type PlotFormat,
  type ScatterQuery,
  type SelectionQuery,
  scatterQuery,
} from './analysis-params.js';

/** Recorded as the software in each result's provenance (the API's version, as in openapi.json). */
const API_VERSION = '0.1.0';

/** What hist and scatter send for format=svg and format=png instead of JSON. */
const PLOT_FILES = ['image/svg+xml', 'image/png'];

/**
 * The web Analysis page's API: histogram, cS1–cS2 plane, cut flow and a box selection's events over
 * a run selection, through @dance/analysis exactly as `dance hist`/`dance cutflow` (blinded views,
 * guarded SQL, cut files). Each request opens its own DuckDB session and closes it; requests run one
 * at a time, so memory stays within the workspace's analysis.memory_limit. Replies are bounded: binned
 * histograms and at most MAX_BOX_EVENTS listed events, each with its provenance.
 */
export function analysisRoutes(app: FastifyInstance, workspace: Workspace): void {
  const analyse = oneAtATime();
  const withAnalysis = <T>(q: SelectionQuery, work: (a: OpenAnalysis) => Promise<T>): Promise<T> =>
    analyse(async () => {
      const a = await openAnalysis({
        root: workspace.root,
        dataDir: workspace.dataDir,
        catalogUrl: workspace.catalogUrl,
        config: workspace.config.analysis,
        runs: q.runs,
        tables: [q.table],
        lineage: q.lineage,
        cutsFile: q.cuts === undefined ? undefined : workspaceFile(workspace.root, q.cuts, 'cuts'),
        vetoFile: q.vetoes === undefined ? undefined : workspaceFile(workspace.root, q.vetoes, 'vetoes'),
      });
      try {
        return await work(a);
      } finally {
        a.session.close();
      }
    });

  app.get<{ Reply: Served<typeof cutFilesReply> }>(
    '/api/analysis/cut-files',
    {
      schema: {
        summary: 'Cut files in the workspace (its root and cuts/), with their cuts or why they do not load',
        reply: cutFilesReply,
      },
    },
    async () => ({ files: cutFiles(workspace.root) }),
  );

  app.get<{ Querystring: HistQuery; Reply: Served<typeof histReply> }>(
    '/api/analysis/hist',
    {
      schema: {
        summary: 'A 1D histogram of an expression over the selected runs with the cut file applied (blinded)',
        querystring: histQuery,
        reply: histReply,
        produces: PLOT_FILES,
      },
    },
    (request, reply) =>
      withAnalysis(request.query, async (a) => {
        const q = request.query;
        const cuts = a.cutList.filter((c) => c.name !== q.without);
        if (q.without !== undefined && cuts.length === a.cutList.length) {
          throw new UserError(
            `without: no cut '${q.without}' (cuts: ${a.cutList.map((c) => c.name).join(', ') || 'none'})`,
          );
        }
        const where = allOf(cuts);
        const axis = await axisFor(a.session, {
          table: q.table,
          where,
          expr: q.expr,
          bins: q.bins,
          lo: q.lo,
          hi: q.hi,
        });
        const h = await histogram(a.session, { table: q.table, axes: [axis], where });
        const provenance = a.provenance(API_VERSION, {
          histogram: { table: q.table, axes: [axis], without: q.without ?? null },
        });
        return plotReply(reply, q.format, `${q.table}: ${q.expr}`, h, provenance);
      }),
  );

  app.get<{ Querystring: ScatterQuery; Reply: Served<typeof histReply> }>(
    '/api/analysis/scatter',
    {
      schema: {
        summary: 'The cS1–cS2 plane (or any two expressions) as a 2D histogram with the cuts applied (blinded)',
        querystring: scatterQuery,
        reply: histReply,
        produces: PLOT_FILES,
      },
    },
    (request, reply) =>
      withAnalysis(request.query, async (a) => {
        const q = request.query;
        const where = allOf(a.cutList);
        const axes = [
          await axisFor(a.session, { table: q.table, where, expr: q.x, bins: q.xbins, lo: q.xlo, hi: q.xhi }),
          await axisFor(a.session, { table: q.table, where, expr: q.y, bins: q.ybins, lo: q.ylo, hi: q.yhi }),
        ];
        const h = await histogram(a.session, { table: q.table, axes, where });
        const provenance = a.provenance(API_VERSION, { scatter: { table: q.table, axes } });
        return plotReply(reply, q.format, `${q.table}: ${q.y} vs ${q.x}`, h, provenance);
      }),
  );

  app.get<{ Querystring: SelectionQuery; Reply: Served<typeof cutFlowReply> }>(
    '/api/analysis/cutflow',
    {
      schema: {
        summary: 'The cut flow of the cut file (and vetoes): passed, efficiencies, N−1 counts (blinded)',
        querystring: cutflowQuery,
        reply: cutFlowReply,
      },
    },
    (request) =>
      withAnalysis(request.query, async (a) => ({
        cutflow: await cutFlow(a.session, request.query.table, a.cutList),
        cuts: a.cutList,
        provenance: a.provenance(API_VERSION, { cutflow: { table: request.query.table } }),
      })),
  );

  app.get<{ Querystring: BoxQuery; Reply: Served<typeof boxReply> }>(
    '/api/analysis/events-in-box',
    {
      schema: {
        summary: `Events passing the cuts inside a box of the x–y plane, first in time (at most ${MAX_BOX_EVENTS}; total given)`,
        querystring: boxQuery,
        reply: boxReply,
      },
    },
    (request) =>
      withAnalysis(request.query, async (a) => {
        const q = request.query;
        const edges = [q.xlo, q.xhi, q.ylo, q.yhi];
        if (!edges.every(Number.isFinite) || !(q.xlo < q.xhi && q.ylo < q.yhi))
          throw new UserError('box: needs finite edges with xlo < xhi and ylo < yhi');
        const table = `"${q.table}"`; // the schema's name pattern admits no quote
        const hasNumber = (await a.session.columns(q.table)).includes('event_number');
        const rows = await a.session.all(
          [
            'SELECT time, event_number, x, y, count(*) OVER () AS total FROM (',
            `SELECT time, ${hasNumber ? 'event_number' : 'NULL::BIGINT AS event_number'}, (${q.x})::DOUBLE AS x, (${q.y})::DOUBLE AS y`,
            `FROM ${table} WHERE ${allOf(a.cutList)})`,
            `WHERE x >= ${q.xlo} AND x < ${q.xhi} AND y >= ${q.ylo} AND y < ${q.yhi}`,
            `ORDER BY time LIMIT ${q.limit}`,
          ].join(' '),
        );
        const products = a.selection.products.filter((p) => p.type === q.table);
        const total = rows.length ? Number(rows[0].total) : 0;
        return {
          columns: ['run', 'time', 'event_number', q.x, q.y],
          // as the SELECT above types them: BIGINT time and event_number, DOUBLE x and y
          rows: rows.map((r) => {
            const time = r.time as bigint;
            return [runAt(products, time), time, r.event_number as bigint | null, r.x as number, r.y as number];
          }),
          total,
          limit: q.limit,
          truncated: total > rows.length,
          provenance: a.provenance(API_VERSION, {
            box: { table: q.table, x: q.x, y: q.y, xlo: q.xlo, xhi: q.xhi, ylo: q.ylo, yhi: q.yhi },
          }),
        };
      }),
  );
}

/** A histogram as JSON, or as the plot file `dance hist` writes (SVG or PNG, provenance embedded). */
function plotReply(reply: FastifyReply, format: PlotFormat, title: string, h: Histogram, provenance: ResultProvenance) {
  if (format === 'json') return { histogram: h.toJSON(), provenance };
  const svg = histogramSvg(h, title, provenance);
  const file = `${h.axes.map((a) => a.label.replace(/[^A-Za-z0-9_]+/g, '_')).join('-vs-')}.${format}`;
  reply.header('content-disposition', `inline; filename="${file}"`);
  return format === 'svg'
    ? reply.type('image/svg+xml').send(svg)
    : reply.type('image/png').send(svgToPng(svg, provenance));
}

/** Runs of a detector do not overlap in time, so an event's time names its run (null if in none). */
function runAt(products: readonly ProductRef[], time: bigint): string | null {
  return products.find((p) => p.start <= time && time < p.end)?.run ?? null;
}

/** A workspace-relative file name (pattern-checked by the schema) as an absolute path inside the root. */
function workspaceFile(root: string, name: string, param: string): string {
  const path = resolve(root, name);
  if (!path.startsWith(root + sep)) throw new UserError(`${param}: '${name}' is not inside the workspace`);
  return path;
}

type CutFileEntry =
  | { file: string; name: string; version: number; lineage: string; cuts: Cut[] }
  | { file: string; error: string };

/** YAML files in the workspace root and cuts/ (dance.yaml aside): their cuts, or why they do not load. */
function cutFiles(root: string): CutFileEntry[] {
  const names = (dir: string) => {
    try {
      return readdirSync(join(root, dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'dance.yaml');
    } catch {
      return [];
    }
  };
  const files = [
    ...names('.').sort(),
    ...names('cuts')
      .sort()
      .map((f) => `cuts/${f}`),
  ];
  return files.map((file): CutFileEntry => {
    try {
      const set = loadCuts(join(root, file));
      return { file, name: set.name, version: set.version, lineage: set.lineage, cuts: set.cuts };
    } catch (err) {
      return { file, error: (err as Error).message.replace(`${join(root, file)}: `, '') };
    }
  });
}

/** Runs async jobs one after another (one DuckDB instance at a time within the memory limit). */
function oneAtATime(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const result = tail.then(job);
    tail = result.catch(() => undefined);
    return result;
  };
}
