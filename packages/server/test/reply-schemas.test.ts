import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  boxReply,
  cutFilesReply,
  cutFlowReply,
  detectorReply,
  errorReply,
  histReply,
  openApiReply,
  productReply,
  productsReply,
  provenanceReply,
  type ReplySchema,
  rowsReply,
  runReply,
  runsReply,
  type Served,
} from '@dance/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type DanceServer } from '../src/index.js';
import { analysisWorkspace } from './analysis-workspace.js';
import { type DemoWorkspace, demoWorkspace, SIM_RUN, STORE_ONLY_LINEAGE } from './demo-workspace.js';

let dir: string;
let demo: DemoWorkspace;
let server: DanceServer;
let analysis: DanceServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dance-replies-'));
  demo = await demoWorkspace(join(dir, 'demo'), 0.2);
  server = await createServer({ workspace: demo.ws, webRoot: join(dir, 'no-web') });
  analysis = await createServer({ workspace: (await analysisWorkspace(join(dir, 'analysis'), 200)).ws });
});

afterAll(async () => {
  await server?.close();
  await analysis?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The served JSON parses with the route's schema, and encoding the parsed value gives the JSON back:
 * no key the schema does not declare (zod would drop it) and every int64 and NaN as the server wrote it.
 */
async function expectReply<S extends ReplySchema>(from: DanceServer, url: string, schema: S): Promise<Served<S>> {
  const res = await from.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  const json = res.json();
  const parsed: Served<S> = schema.parse(json);
  expect(schema.encode(parsed)).toEqual(json);
  return parsed;
}

describe('replies match their @dance/api schemas', () => {
  const product = (type: string, lineage = demo.lineage) => `/api/runs/${SIM_RUN}/products/${type}/${lineage}`;

  it('runs, a run and its detector', async () => {
    const runs = await expectReply(server, '/api/runs', runsReply);
    expect(runs.runs.find((r) => r.id === SIM_RUN)?.start).toBe(1767225600000000000n);
    await expectReply(server, `/api/runs/${SIM_RUN}`, runReply);
    await expectReply(server, `/api/runs/${SIM_RUN}/detector`, detectorReply);
  });

  it('products, one product and its provenance, catalogued or only stored', async () => {
    await expectReply(server, `/api/runs/${SIM_RUN}/products`, productsReply);
    const made = await expectReply(server, product('raw_records'), productReply);
    expect(made.chunks[0].start).toBeTypeOf('bigint');
    await expectReply(server, `${product('raw_records')}/provenance`, provenanceReply);
    const stored = await server.app.inject({ method: 'GET', url: `/api/runs/${SIM_RUN}/products` });
    const storeOnly = stored.json().products.find((p: { lineage: string }) => p.lineage === STORE_ONLY_LINEAGE);
    await expectReply(server, product(storeOnly.type, STORE_ONLY_LINEAGE), productReply);
    await expectReply(server, `${product(storeOnly.type, STORE_ONLY_LINEAGE)}/provenance`, provenanceReply);
    await expectReply(server, `${product('truth_peaks')}/rows?limit=5`, rowsReply);
  });

  it('analysis: cut files, histogram, plane, cut flow, events in a box', async () => {
    await expectReply(analysis, '/api/analysis/cut-files', cutFilesReply);
    await expectReply(analysis, '/api/analysis/hist?expr=cs1&bins=10&cuts=cuts.yaml', histReply);
    await expectReply(analysis, '/api/analysis/scatter?xbins=5&ybins=5', histReply);
    await expectReply(analysis, '/api/analysis/cutflow?cuts=cuts.yaml', cutFlowReply);
    const box = await expectReply(
      analysis,
      '/api/analysis/events-in-box?xlo=0&xhi=1000&ylo=0&yhi=100000&limit=3',
      boxReply,
    );
    expect(box.rows[0][1]).toBeTypeOf('bigint');
  });

  it('a cut after one nothing passes has a NaN efficiency: null in JSON, NaN when parsed', async () => {
    const cuts =
      'name: none\nversion: 1\ncuts:\n  - name: nothing\n    expr: cs1 < -1\n  - name: drift\n    expr: drift_time > 0\n';
    writeFileSync(join(dir, 'analysis', 'none.yaml'), cuts);
    const res = await analysis.app.inject({ method: 'GET', url: '/api/analysis/cutflow?cuts=none.yaml' });
    expect(res.json().cutflow.rows[1].efficiency).toBeNull();
    const flow = await expectReply(analysis, '/api/analysis/cutflow?cuts=none.yaml', cutFlowReply);
    expect(flow.cutflow.rows[0].passed).toBe(0);
    expect(flow.cutflow.rows[1].efficiency).toBeNaN();
  });

  it('errors are { error }', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/runs/nope' });
    expect(res.statusCode).toBe(404);
    expect(errorReply.parse(res.json()).error).toMatch(/unknown run 'nope'/);
  });
});

describe('the OpenAPI description', () => {
  it('gives every JSON route its reply schema, and the others their media types', async () => {
    const doc = await expectReply(server, '/api/openapi.json', openApiReply);
    const operations = Object.entries(doc.paths).map(([path, ops]) => [path, ops.get] as const);
    expect(operations.length).toBeGreaterThan(10);
    for (const [path, op] of operations) {
      const ok = (op as { responses: Record<string, { content: Record<string, { schema?: object }> }> }).responses;
      const types = Object.keys(ok['200'].content);
      if (path.endsWith('/data')) expect(types).toEqual(['application/vnd.apache.arrow.stream']);
      else {
        expect(ok['200'].content['application/json']?.schema, path).toMatchObject({ type: 'object' });
        expect(ok['404'].content['application/json'].schema).toMatchObject({ required: ['error'] });
      }
    }
    const hist = doc.paths['/api/analysis/hist'].get as { responses: { 200: { content: object } } };
    expect(Object.keys(hist.responses[200].content)).toEqual(['application/json', 'image/svg+xml', 'image/png']);
    // every reference points into components.schemas (OpenAPI 3.0 has no $defs)
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components?.schemas).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });
});
