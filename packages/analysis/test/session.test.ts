import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@dance/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisSession, histogram, selectProducts, selectRuns } from '../src/index.js';
import { makeStore, openSession } from './fixture.js';

let env: { dir: string; store: Store; cleanup: () => void };
let session: AnalysisSession;

beforeAll(async () => {
  env = await makeStore();
  session = await openSession(env.dir, env.store);
});
afterAll(() => {
  session?.close();
  env?.cleanup();
});

describe('views over stored Parquet products', () => {
  it('sees every stored row of the selected runs, streamed in chunks', async () => {
    const [row] = await session.all('SELECT count(*) AS n, min(time) AS t0 FROM event_info');
    expect(row.n).toBe(8000n);
    let rows = 0;
    let chunks = 0;
    for await (const part of session.stream('SELECT cs1 FROM event_info')) {
      rows += part.rows.length;
      chunks++;
      expect(part.rows.length).toBeLessThanOrEqual(2048);
    }
    expect(rows).toBe(8000);
    expect(chunks).toBeGreaterThan(1);
  });

  it('selects runs and refuses selections that match nothing', async () => {
    expect(await selectRuns(env.store, '')).toEqual(['000001', '000002']);
    const one = selectProducts(env.store, '', ['000002'], ['event_info']);
    expect(one.products.map((p) => [p.run, p.lineage, p.chunks, p.rows])).toEqual([['000002', 'synth0', 2, 4000]]);
    expect(() => selectProducts(env.store, '', ['999999'], ['event_info'])).toThrow(
      "no 'event_info' products in the 1 selected run(s)",
    );
    expect(() => selectProducts(env.store, '', ['000001'], ['peaks'])).toThrow("no 'peaks' products");
  });

  it('refuses queries that read files or other tables, or are not one SELECT', async () => {
    const file = selectProducts(env.store, '', ['000001'], ['event_info']).tables[0].files[0];
    await expect(session.all(`SELECT count(*) FROM read_parquet('${file}')`)).rejects.toThrow(
      "query would unblind: it calls read_parquet() to read data directly; query the views 'event_info' instead",
    );
    await expect(session.all(`SELECT * FROM '${file}'`)).rejects.toThrow(/query reads '.*\.parquet' at offset 14/);
    await expect(session.all('SELECT * FROM duckdb_settings()')).rejects.toThrow('query would unblind');
    await expect(session.all(`COPY event_info TO '/tmp/x.csv'`)).rejects.toThrow('only SELECT queries are allowed');
    await expect(session.all('SELECT 1; SELECT 2')).rejects.toThrow('expected exactly one SELECT statement, got 2');
    await expect(session.all('SELEC 1')).rejects.toThrow('query: syntax error at or near "SELEC"');
    await expect(session.all('SELECT nope FROM event_info')).rejects.toThrow(
      /Binder Error: Referenced column "nope" not found/,
    );
    // Nothing was written, and the stored chunks still match their manifest checksums.
    expect(existsSync('/tmp/x.csv')).toBe(false);
    for (const key of env.store.list()) {
      const m = env.store.manifest(key);
      for (const c of m.chunks) {
        const bytes = readFileSync(join(env.dir, 'data', key.run, `${key.type}-${key.lineage}`, c.file));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(c.sha256);
      }
    }
    // CTEs over the views are fine.
    const [row] = await session.all('WITH e AS (SELECT cs1 FROM event_info) SELECT count(*) AS n FROM e');
    expect(row.n).toBe(8000n);
  });

  it('bins in SQL exactly as the in-memory histogram does, flows and weights included', async () => {
    const axis = { label: 'cs1', bins: 20, lo: 0, hi: 100 };
    const h = await histogram(session, { table: 'event_info', axes: [axis], weight: '2' });
    const values: number[] = [];
    for await (const part of session.stream('SELECT cs1 FROM event_info'))
      values.push(...part.rows.map((r) => Number(r.cs1)));
    const { Histogram } = await import('../src/index.js');
    const ref = new Histogram([axis]).fill([Float64Array.from(values)], new Float64Array(values.length).fill(2));
    expect([...h.sumw]).toEqual([...ref.sumw]);
    expect([...h.sumw2]).toEqual([...ref.sumw2]);
    expect(h.entries.reduce((a, b) => a + b)).toBe(8000);
    expect(h.sumw[21]).toBeGreaterThan(0); // cS1 above 100 lands in overflow
  });

  it('bins 2D in SQL exactly as in memory', async () => {
    const axes = [
      { label: 'cs1', bins: 8, lo: 0, hi: 100 },
      { label: 'cs2 / 1000', bins: 5, lo: 0, hi: 6 },
    ];
    const h = await histogram(session, { table: 'event_info', axes, where: 'drift_time > 1e5' });
    const xs: number[] = [];
    const ys: number[] = [];
    for await (const part of session.stream(
      'SELECT cs1::DOUBLE AS x, (cs2 / 1000)::DOUBLE AS y FROM event_info WHERE drift_time > 1e5',
    )) {
      for (const r of part.rows) {
        xs.push(Number(r.x));
        ys.push(Number(r.y));
      }
    }
    const { Histogram } = await import('../src/index.js');
    expect([...h.sumw]).toEqual([...new Histogram(axes).fill([xs, ys]).sumw]);
  });
});
