import { eventInfo } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { syntheticEventInfo } from '../src/index.js';

describe('synthetic event_info', () => {
  it("fills the chain's event_info type: modelled fields set, the rest absent as event_info marks them", () => {
    const b = syntheticEventInfo(500, 1000n, 3, 40);
    expect(b.schema).toBe(eventInfo);
    expect([...b.columns.event_number.slice(0, 3)]).toEqual([40n, 41n, 42n]);
    const t = b.columns.time;
    for (let i = 1; i < b.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
    expect(b.columns.cs1.every(Number.isFinite)).toBe(true);
    expect(b.columns.s1_n_channels.every((x) => x >= 1)).toBe(true);
    expect(b.columns.e_ces.every(Number.isNaN)).toBe(true);
    expect(b.columns.alt_s2_x.every(Number.isNaN)).toBe(true);
    expect(b.columns.s2_index.every((x) => x === -1)).toBe(true);
    expect(b.columns.alt_s1_time.every((x) => x === -1n)).toBe(true);
    // 30 % in the cS1 = 50 PE line (σ 5) over a flat [0, 200): about 0.3 + 0.7 × 20/200 within ±10 PE
    const line = b.columns.cs1.filter((x) => Math.abs(x - 50) < 10).length / b.length;
    expect(line).toBeGreaterThan(0.3);
    expect(line).toBeLessThan(0.45);
  });

  it('is deterministic for a seed', () => {
    expect([...syntheticEventInfo(50, 0n, 7).columns.cs2]).toEqual([...syntheticEventInfo(50, 0n, 7).columns.cs2]);
    expect(syntheticEventInfo(50, 0n, 8).columns.cs2[0]).not.toBe(syntheticEventInfo(50, 0n, 7).columns.cs2[0]);
  });
});
