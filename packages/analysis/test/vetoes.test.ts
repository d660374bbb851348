import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@dance/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisSession, cutFlow, livetime, loadVetoes, mergeIntervals, selectProducts } from '../src/index.js';
import { makeStore, RUN_START } from './fixture.js';

let env: { dir: string; store: Store; cleanup: () => void };

beforeAll(async () => {
  env = await makeStore();
});
afterAll(() => env?.cleanup());

const S = 1_000_000_000n;

describe('veto intervals', () => {
  it('merges overlapping and touching intervals and accounts livetime exactly in int64 ns', () => {
    const m = mergeIntervals(
      BigInt64Array.from([50n, 10n, 15n, 30n, 40n]),
      BigInt64Array.from([60n, 20n, 25n, 40n, 45n]),
    );
    expect([...m.starts]).toEqual([10n, 30n, 50n]);
    expect([...m.ends]).toEqual([25n, 45n, 60n]);
    expect(livetime(0n, 100n, m)).toEqual({ exposure: 100n, live: 100n - 15n - 15n - 10n });
    expect(livetime(20n, 55n, m)).toEqual({ exposure: 35n, live: 35n - 5n - 15n - 5n });
    const big = RUN_START + 123n; // beyond 2^53: must stay exact
    expect(
      livetime(big, big + 10n, { starts: BigInt64Array.of(big + 1n), ends: BigInt64Array.of(big + 4n) }).live,
    ).toBe(7n);
  });

  it('flags exactly the events whose time falls in a veto (ASOF join), first step of the cut flow', async () => {
    const selection = selectProducts(env.store, '', ['000001', '000002'], ['event_info']);
    const times: bigint[] = [];
    for (const p of selection.products) {
      const batch = await env.store.readAll(p, { columns: ['time'] });
      times.push(...(batch.columns.time as BigInt64Array));
    }
    const starts = [RUN_START + 2n * S, RUN_START + 5n * S, RUN_START + 10n ** 12n + 3n * S];
    const file = join(env.dir, 'vetoes.yaml');
    const text = starts.map((s) => `  - [${s}, ${s + 2n * S}]`).join('\n');
    writeFileSync(file, `name: dq\nversion: 1\nintervals:\n${text}\n  - [${starts[0] + S}, ${starts[0] + 2n * S}]\n`);
    const vetoes = loadVetoes(file);
    expect(vetoes.starts.length).toBe(3); // the overlapping fourth interval merged
    const expected = times.filter((t) => starts.some((s) => t >= s && t < s + 2n * S)).length;
    expect(expected).toBeGreaterThan(0);
    const session = await AnalysisSession.open(
      { memoryLimit: '256MB', threads: 1, tempDir: join(env.dir, 'tmp') },
      selection.tables,
      [],
      vetoes,
    );
    try {
      const [row] = await session.all('SELECT count(*) FILTER (WHERE vetoed) AS v, count(*) AS n FROM event_info');
      expect(row).toEqual({ v: BigInt(expected), n: 8000n });
      const flow = await cutFlow(session, 'event_info', [{ name: 'dq-veto', expr: 'NOT vetoed' }]);
      expect(flow.rows[0].passed).toBe(8000 - expected);
      await expect(session.all('SELECT * FROM dq_vetoes')).rejects.toThrow("query reads 'dq_vetoes'");
    } finally {
      session.close();
    }
  });

  it('names the file and interval of a bad veto', () => {
    const file = join(env.dir, 'bad-vetoes.yaml');
    writeFileSync(file, 'name: dq\nversion: 1\nintervals:\n  - [10, 20]\n  - [30, 25]\n');
    expect(() => loadVetoes(file)).toThrow(`${file}: intervals[1]: end 25 is not after start 30`);
    writeFileSync(file, 'name: dq\nversion: 1\nintervals:\n  - [10, "x"]\n');
    expect(() => loadVetoes(file)).toThrow(`${file}: intervals[0]: expected [start_ns, end_ns] as integers`);
  });
});
