import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeHash, events, isUserError, RecordBatch } from '@dance/schema';
import type { Store } from '@dance/store';
import { describe, expect, it } from 'vitest';
import { lastCut, planRun, processRun } from '../src/index.js';
import { columnBytes, toyStore } from './helpers.js';
import { clusters, plugins, sums, toyPulses, toyRun } from './toy-plugins.js';

const N = 7000; // toy_pulses rows: 7000 × 20 packed bytes

async function products(store: Store, types = ['toy_sums', 'toy_clusters']) {
  const out: Record<string, Record<string, Buffer>> = {};
  for (const type of types) {
    const [key] = store.list({ run: 'r1', type });
    out[type] = columnBytes(await store.readAll(key));
  }
  return out;
}

describe('lineage', () => {
  it('changes with tracked options, code and inputs, and only downstream of the change', async () => {
    const { store } = await toyStore(100);
    const plan = (settings = {}) => planRun(store, { run: 'r1', target: 'toy_clusters', plugins, settings }).target;
    const base = plan();
    expect(base.lineage).toMatch(/^[0-9a-f]{12}$/);
    expect(base.inputs[0].inputs[0]).toEqual({ type: 'toy_pulses', lineage: 'import1', stored: true, inputs: [] });
    expect(plan().lineage).toBe(base.lineage);
    expect(plan({ delay_ms: 5 }).lineage).toBe(base.lineage); // untracked
    const gap = plan({ gap: 200 });
    expect(gap.lineage).not.toBe(base.lineage);
    expect(gap.inputs[0].lineage).toBe(base.inputs[0].lineage);
    const scale = plan({ scale: 3 });
    expect(scale.inputs[0].lineage).not.toBe(base.inputs[0].lineage);
    expect(scale.lineage).not.toBe(base.lineage); // through its input
    expect(base.plugin).toEqual({
      name: 'toy-clusters',
      version: '1',
      code: codeHash(clusters.code),
      options: { gap: 100 },
    });
    const bumped = planRun(store, {
      run: 'r1',
      target: 'toy_clusters',
      plugins: [sums, { ...clusters, code: ['@dance/pipeline/test/helpers.ts'] }],
    }).target;
    expect(bumped.lineage).not.toBe(base.lineage);
  });

  it('hashes source text, not the path alone', () => {
    expect(codeHash(['@dance/pipeline/src/cuts.ts'])).not.toBe(codeHash(['@dance/pipeline/src/plan.ts']));
    expect(codeHash(['@dance/pipeline', '@dance/schema'])).toBe(codeHash(['@dance/schema', '@dance/pipeline']));
    expect(() => codeHash(['@dance/pipeline/src/nothing.ts'])).toThrow(/nothing.ts does not exist/);
  });

  it('rejects bad options and missing inputs with user errors', async () => {
    const { store } = await toyStore(100);
    const req = { run: 'r1', target: 'toy_clusters', plugins };
    expect(() => planRun(store, { ...req, settings: { gap: 1.5 } })).toThrow(
      "plugin toy-clusters: option 'gap' must be an integer, got 1.5",
    );
    expect(() => planRun(store, { ...req, settings: { scale: 'x' } })).toThrow(/'scale' must be a finite number/);
    expect(() => planRun(store, { ...req, run: 'r2' })).toThrow(
      'run r2 has no toy_pulses product, and no plugin makes toy_pulses',
    );
    expect(() => planRun(store, { ...req, inputs: { toy_pulses: 'other' } })).toThrow(
      'run r1 has no toy_pulses with lineage other; stored: import1',
    );
    const noDefault = {
      ...sums,
      options: [{ name: 'gain', type: 'number' as const, tracked: true, description: 'PE/ADC' }],
    };
    try {
      planRun(store, { ...req, plugins: [noDefault, clusters] });
      expect.unreachable();
    } catch (e) {
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toBe("plugin toy-sums: option 'gain' has no default; set it (PE/ADC)");
    }
    expect(store.list({ run: 'r1' }).map((k) => k.type)).toEqual(['toy_pulses']);
  });
});

describe('processing', () => {
  it('stores every product, reuses them, and recomputes only downstream of a changed option', async () => {
    const { store } = await toyStore(N);
    const first = await processRun(store, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 20_000 });
    expect(first.computed.map((k) => k.type)).toEqual(['toy_sums', 'toy_clusters']);
    expect(first.chunks).toBeGreaterThan(5);
    const again = await processRun(store, { run: 'r1', target: 'toy_clusters', plugins });
    expect(again.computed).toEqual([]);
    const changed = await processRun(store, { run: 'r1', target: 'toy_clusters', plugins, settings: { gap: 1000 } });
    expect(changed.computed.map((k) => k.type)).toEqual(['toy_clusters']);
    expect(changed.plan.sources.map((k) => k.type)).toEqual(['toy_sums']);
    const sumsOnly = await store.readAll(store.list({ run: 'r1', type: 'toy_sums' })[0]);
    expect(sumsOnly.length).toBe(N);
    expect(store.list({ run: 'r1', type: 'toy_clusters' })).toHaveLength(2);
  });

  it('gives byte-identical products for three chunk sizes, row references included', async () => {
    const results = [];
    for (const chunkBytes of [300, 3_000, 1e9]) {
      const { store } = await toyStore(N, 500);
      const r = await processRun(store, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes });
      results.push({ chunks: r.chunks, products: await products(store) });
    }
    expect(results[0].chunks).toBeGreaterThan(results[1].chunks);
    expect(results[1].chunks).toBeGreaterThan(20);
    expect(results[2].chunks).toBe(1);
    expect(results[1].products).toEqual(results[0].products);
    expect(results[2].products).toEqual(results[0].products);
    const firstRow = new Int32Array(new Uint8Array(results[0].products.toy_clusters.first_row).buffer);
    expect(firstRow[0]).toBe(0);
    expect(firstRow[1]).toBe(7);
    expect(firstRow.at(-1)).toBe(N - 7);
  });

  it('lets the first and last chunk extend past the source by the plugin extension', async () => {
    const { store } = await toyStore(70);
    await processRun(store, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 100 });
    const source = store.manifest(store.list({ run: 'r1', type: 'toy_pulses' })[0]);
    const m = store.manifest(store.list({ run: 'r1', type: 'toy_clusters' })[0]);
    expect(m.chunks[0].start).toBe(source.chunks[0].start - 10n);
    expect(m.chunks.at(-1)?.end).toBe((source.chunks.at(-1)?.end as bigint) + 10n);
  });

  // worker threads run packages/pipeline/dist: build with `npx tsc -b` before this test
  it('gives the same products with two worker threads as in one thread', async () => {
    const { store: one } = await toyStore(N);
    const { store: two } = await toyStore(N);
    await processRun(one, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 5_000 });
    const workerModule = new URL('../dist/test/toy-plugins.js', import.meta.url);
    const r = await processRun(two, {
      run: 'r1',
      target: 'toy_clusters',
      plugins,
      chunkBytes: 5_000,
      workers: 2,
      workerModule,
    });
    expect(r.chunks).toBeGreaterThan(10);
    expect(await products(two)).toEqual(await products(one));
  });

  it('stops with a user error when a plugin returns unsorted rows, leaving no product', async () => {
    const { store } = await toyStore(700);
    const broken = { ...sums, compute: (...a: Parameters<typeof sums.compute>) => sums.compute(...a).take([1, 0]) };
    await expect(
      processRun(store, { run: 'r1', target: 'toy_sums', plugins: [broken], chunkBytes: 1000 }),
    ).rejects.toThrow('plugin toy-sums, chunk 0: output is not sorted by time');
    expect(store.list({ run: 'r1' }).map((k) => k.type)).toEqual(['toy_pulses']);
  });
});

describe('intermediates stored only as the target', () => {
  const transient = [{ ...sums, saveWhen: 'target' as const }, clusters];

  it('computes them on the way without storing them, with the same products', async () => {
    const { store } = await toyStore(N);
    const r = await processRun(store, { run: 'r1', target: 'toy_clusters', plugins: transient, chunkBytes: 20_000 });
    expect(r.computed.map((k) => k.type)).toEqual(['toy_clusters']);
    expect(r.plan.steps.map((s) => [s.key.type, s.save])).toEqual([
      ['toy_sums', false],
      ['toy_clusters', true],
    ]);
    expect(store.list({ run: 'r1' }).map((k) => k.type)).toEqual(['toy_clusters', 'toy_pulses']);
    const { store: full } = await toyStore(N);
    await processRun(full, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 3_000 });
    expect((await products(store, ['toy_clusters'])).toy_clusters).toEqual((await products(full)).toy_clusters);
    const own = await processRun(store, { run: 'r1', target: 'toy_sums', plugins: transient });
    expect(own.computed.map((k) => k.type)).toEqual(['toy_sums']);
  });

  it('restarts instead of resuming when a stored product refers to rows of one that is not stored', async () => {
    const { store } = await toyStore(N);
    const request = { run: 'r1', target: 'toy_clusters', plugins: transient, chunkBytes: 20_000 };
    const stop = (done: number, total: number) => {
      if (done > total / 2) throw new Error('interrupted');
    };
    await expect(processRun(store, { ...request, onProgress: stop })).rejects.toThrow('interrupted');
    const again = await processRun(store, request);
    expect(again.resumedChunks).toBe(0);
    const { store: clean } = await toyStore(N);
    await processRun(clean, request);
    expect(await products(store, ['toy_clusters'])).toEqual(await products(clean, ['toy_clusters']));
  });
});

describe('interruption', () => {
  it('commits a run interrupted after its last chunk, without adding chunks', async () => {
    const { store } = await toyStore(N);
    const stop = () => {
      throw new Error('interrupted');
    };
    const request = { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 20_000 };
    const onProgress = (done: number, total: number) => (done >= total ? stop() : undefined);
    await expect(processRun(store, { ...request, onProgress })).rejects.toThrow('interrupted');
    expect(store.list({ run: 'r1' }).map((k) => k.type)).toEqual(['toy_pulses']);
    const resumed = await processRun(store, request);
    expect(resumed.chunks).toBe(resumed.resumedChunks);
    const { store: clean } = await toyStore(N);
    await processRun(clean, request);
    expect(await products(store)).toEqual(await products(clean));
    const chunks = (s: Store) => s.manifest(s.list({ run: 'r1', type: 'toy_clusters' })[0]).chunks.length;
    expect(chunks(store)).toBe(chunks(clean));
  });

  it('resumes after SIGKILL mid-run with the same products as an uninterrupted run', async () => {
    const { store, dir } = await toyStore(N);
    const child = spawn('npx', ['tsx', new URL('./kill-child.ts', import.meta.url).pathname, dir, '4000'], {
      stdio: 'ignore',
    });
    const journal = join(
      dir,
      'r1',
      `.tmp-toy_clusters-${planRun(store, { run: 'r1', target: 'toy_clusters', plugins }).target.lineage}`,
      'journal.jsonl',
    );
    const deadline = Date.now() + 40_000;
    while (!(existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 4) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(store.list({ run: 'r1' }).map((k) => k.type)).toEqual(['toy_pulses']); // nothing half-committed
    const resumed = await processRun(store, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 4000 });
    expect(resumed.resumedChunks).toBeGreaterThanOrEqual(3);
    expect(resumed.chunks).toBeGreaterThan(resumed.resumedChunks);
    const { store: clean } = await toyStore(N);
    await processRun(clean, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 7777 });
    expect(await products(store)).toEqual(await products(clean));
  });
});

describe('groups of stored chunks', () => {
  /** toy_pulses stored in chunks of `perChunk` rows, cut anywhere, also inside bursts (no gap there). */
  async function unalignedStore(n: number, perChunk: number): Promise<Store> {
    const { store } = await toyStore(0);
    const run = toyRun(n);
    const w = store.writer({ run: 'r1', type: 'toy_pulses', lineage: 'import2' }, toyPulses);
    for (let i = 0; i < n; i += perChunk) await w.write(run.slice(i, Math.min(n, i + perChunk)));
    await w.commit();
    return store;
  }
  const request = { run: 'r1', target: 'toy_clusters', plugins, inputs: { toy_pulses: 'import2' } };

  it('cuts at the last gap of a batch, in the middle of the gap', () => {
    const run = toyRun(21); // bursts of 7 pulses, 20 ns long every 50 ns, then 500 + (37·i mod 2000) ns
    const ends = run.endTime();
    expect(lastCut(run, 100)).toEqual({ rows: 14, at: ends[13] + (run.time[14] - ends[13]) / 2n });
    expect(lastCut(run, 100)?.at).toBe(run.time[13] + 20n + 480n); // gap 981 − 20 ns, halved down
    expect(lastCut(run.slice(0, 7), 100)).toBeUndefined();
    expect(lastCut(run.slice(0, 7), 30)).toEqual({ rows: 6, at: run.time[5] + 20n + 15n });
    expect(lastCut(run.slice(0, 0), 100)).toBeUndefined();
  });

  it('measures gaps from an endtime column too (event windows), never cutting inside a window', () => {
    const at = (ns: number) => 1_000_000_000n + BigInt(ns);
    const b = RecordBatch.allocate(events, 3);
    [
      [0, 5000],
      [1000, 2000], // inside the first window
      [9000, 9500],
    ].forEach(([start, end], i) => {
      b.columns.time[i] = at(start);
      b.columns.endtime[i] = at(end);
    });
    // from time + 1 the gaps would be 999 and 7999 ns; from the ends, only 5000 → 9000 is one
    expect(lastCut(b, 1500)).toEqual({ rows: 2, at: at(7000) });
    expect(lastCut(b, 4001)).toBeUndefined();
  });

  it('carries rows across stored chunks cut inside bursts: same products for any chunk size and worker count', async () => {
    const n = 2000;
    const { store: aligned } = await toyStore(n);
    await processRun(aligned, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 1e9 });
    const expected = await products(aligned);
    const workerModule = new URL('../dist/test/toy-plugins.js', import.meta.url);
    for (const [chunkBytes, workers] of [
      [300, 0],
      [300, 2],
      [1e9, 0],
      [3_000, 1],
    ] as const) {
      const store = await unalignedStore(n, 333);
      const r = await processRun(store, { ...request, chunkBytes, workers, workerModule });
      expect(await products(store), `${chunkBytes} B, ${workers} workers`).toEqual(expected);
      // chunks end in gaps: no cluster straddles two chunks, and chunks follow each other
      const m = store.manifest(store.list({ run: 'r1', type: 'toy_clusters' })[0]);
      expect(m.chunks.length).toBe(r.chunks);
      for (let i = 1; i < m.chunks.length; i++) expect(m.chunks[i].start).toBe(m.chunks[i - 1].end);
    }
  });

  it('resumes an interrupted call mid-group with other workers and the same products', async () => {
    const n = 2000;
    const { store: aligned } = await toyStore(n);
    await processRun(aligned, { run: 'r1', target: 'toy_clusters', plugins, chunkBytes: 1e9 });
    const workerModule = new URL('../dist/test/toy-plugins.js', import.meta.url);
    for (const stopAt of [0.3, 0.7]) {
      const store = await unalignedStore(n, 333);
      const stop = (done: number, total: number) => {
        if (done > total * stopAt) throw new Error('interrupted');
      };
      const first = { ...request, chunkBytes: 500, workers: 2, workerModule, onProgress: stop };
      await expect(processRun(store, first)).rejects.toThrow('interrupted');
      const resumed = await processRun(store, { ...request, chunkBytes: 500 });
      expect(resumed.resumedChunks).toBeGreaterThan(0);
      expect(resumed.chunks).toBeGreaterThan(resumed.resumedChunks);
      expect(await products(store), `stopped at ${stopAt}`).toEqual(await products(aligned));
    }
  });

  it('names the chunk of the product where a plugin failed, also on worker threads', async () => {
    const store = await unalignedStore(N, 333);
    await processRun(store, { ...request, target: 'toy_sums', chunkBytes: 2_000 });
    const chunks = store.manifest(store.list({ run: 'r1', type: 'toy_sums' })[0]).chunks;
    const bad = toyRun(N).time[5000];
    const index = chunks.findIndex((c) => c.start <= bad && bad < c.end);
    expect(index).toBeGreaterThan(3);
    const fresh = await unalignedStore(N, 333);
    await expect(
      processRun(fresh, {
        ...request,
        settings: { fail_at: String(bad) },
        workers: 2,
        workerModule: new URL('../dist/test/toy-plugins.js', import.meta.url),
        chunkBytes: 2_000,
      }),
    ).rejects.toThrow(new RegExp(`^plugin toy-sums, chunk ${index} \\(\\S+ to \\S+\\): bad pulse$`));
    expect(fresh.list({ run: 'r1' }).filter((k) => k.type !== 'toy_pulses')).toEqual([]); // nothing half-made
  });
});
