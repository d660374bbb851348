import { correctedAreas, eventBasics, eventInfo, isUserError, RecordBatch } from '@dance/schema';
import { liveLightFraction, relativeS1Lce, W_KEV } from '@dance/signal';
import { loadDetector, meanS1PePerPhoton, processingOptions } from '@dance/sim';
import { describe, expect, it } from 'vitest';
// the test geometry belongs to @dance/signal's position tests
import { hexArray } from '../../signal/test/top-array.js';
import { correctedAreasPlugin, correctionConditions } from '../src/plugins/corrected-areas.js';
import { eventInfoPlugin } from '../src/plugins/event-info.js';

const grid = hexArray(253, 7.8);

/** The demo detector's true conditions, as `dance sim` registers them under sim-truth. */
const TRUTH = {
  electron_lifetime: 15e6,
  g1: 0.151,
  g2: 0.79 * 21.3,
  lce_depth_slope: -0.3,
  lce_radial_slope: -0.15,
  s2_xy_map: 'flat',
  max_drift_length: 148.6,
  electron_drift_velocity: 6.75e-5,
  tpc_radius: 66.4,
  n_top_channels: 253,
  pmt_x: [...grid.x, ...grid.x.subarray(0, 241)],
  pmt_y: [...grid.y, ...grid.y.subarray(0, 241)],
  dead_pmts: [17, 402],
  s2_light_height: 7,
  s2_bottom_light_height: 153.6,
  s2_area_fraction_top: 0.63,
  s1_xyz_map: 'linear', // the plugin's defaults
  s1_area_fraction_top: -1,
};
const CHUNK = { index: 0, start: 0n, end: 10n ** 19n };

/** The UserError message of correction conditions made from TRUTH with `o` changed, or 'no error'. */
function conditionsError(o: object): string {
  try {
    correctionConditions({ ...TRUTH, ...o });
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  return 'no error';
}

/** event_basics rows of Kr-83m-like events (3029 quanta = 41.5 keV) with areas as the detector model expects. */
function krEvents(rows: { x: number; y: number; t: number; photons: number }[]): RecordBatch {
  const b = RecordBatch.allocate(eventBasics, rows.length);
  const set = (name: string, i: number, v: number) => {
    (b.column(name) as Float32Array)[i] = v;
  };
  const c = correctionConditions(TRUTH);
  rows.forEach((r, i) => {
    b.time[i] = 1_767_225_600_000_000_000n + BigInt(i) * 1_000_000n;
    (b.column('endtime') as BigInt64Array)[i] = b.time[i] + 3_000_000n;
    (b.column('event_number') as BigInt64Array)[i] = BigInt(i);
    set('s1_area', i, TRUTH.g1 * r.photons * relativeS1Lce(c, r.x, r.y, r.t));
    set('s2_area', i, TRUTH.g2 * (3029 - r.photons) * Math.exp(-r.t / TRUTH.electron_lifetime));
    set('drift_time', i, r.t);
    set('s2_x', i, r.x);
    set('s2_y', i, r.y);
    for (const name of ['alt_s1_area', 'alt_s2_area', 'alt_s1_interaction_drift_time', 'alt_s2_interaction_drift_time'])
      set(name, i, Number.NaN);
    set('alt_s2_x', i, Number.NaN);
    set('alt_s2_y', i, Number.NaN);
  });
  return b;
}

describe('corrected_areas plugin', () => {
  it('gives e_ces = 41.5 keV for Kr-83m events anywhere in the TPC, keeping the event times', () => {
    const events = krEvents([
      { x: 0, y: 0, t: 100_000, photons: 1700 },
      { x: 50, y: -40, t: 2_150_000, photons: 1500 },
      { x: -60, y: 10, t: 1_000_000, photons: 1900 },
    ]);
    const out = correctedAreasPlugin.compute({ event_basics: events }, TRUTH, CHUNK);
    expect(out.schema).toBe(correctedAreas);
    expect(out.time).toEqual(events.time);
    expect(out.column('endtime')).toEqual(events.column('endtime'));
    for (let i = 0; i < 3; i++) {
      expect(out.column('e_ces')[i]).toBeCloseTo(3029 * W_KEV, 3);
      expect(out.column('elife_correction')[i]).toBeCloseTo(
        Math.exp((events.column('drift_time')[i] as number) / 15e6),
        6,
      );
      expect(out.column('alt_cs1')[i]).toBeNaN();
    }
    expect(out.column('cs1')[1]).toBeCloseTo(TRUTH.g1 * 1500, 2);
  });

  it("with the light model's S2 map, restores the S2 light lost on a dead PMT above the event", () => {
    const events = krEvents([
      { x: grid.x[17], y: grid.y[17], t: 100_000, photons: 1700 },
      { x: 40, y: 40, t: 100_000, photons: 1700 },
    ]);
    const flat = correctedAreasPlugin.compute({ event_basics: events }, TRUTH, CHUNK);
    const mapped = correctedAreasPlugin.compute(
      { event_basics: events },
      { ...TRUTH, s2_xy_map: 'light_model' },
      CHUNK,
    );
    const live = TRUTH.pmt_x.map((_, ch) => (ch === 17 || ch === 402 ? 0 : 1));
    const share = liveLightFraction(
      { x: TRUTH.pmt_x, y: TRUTH.pmt_y, live, nTop: 253 },
      grid.x[17],
      grid.y[17],
      7,
      153.6,
      0.63,
    );
    expect(share).toBeLessThan(0.9); // about an eighth of the S2 light aims at the PMT right above
    expect((mapped.column('cs2')[0] as number) / (flat.column('cs2')[0] as number)).toBeCloseTo(1 / share, 5);
    const far = (mapped.column('cs2')[1] as number) / (flat.column('cs2')[1] as number);
    expect(far).toBeGreaterThan(1);
    expect(far).toBeLessThan(1.01);
  });

  it("with the S1 light model, undoes the simulator's S1 light collection, dead PMTs included", () => {
    const det = loadDetector('xenon-demo');
    const settings: Record<string, unknown> = { ...TRUTH, ...processingOptions(det.config) };
    expect(settings.s1_xyz_map).toBe('light_model');
    const v = settings.electron_drift_velocity as number;
    // above dead PMT 402 of the bottom array near the cathode, below dead PMT 17 near the gate, and far from both
    const points = [
      { x: det.pmtX[402], y: det.pmtY[402], z: -146 },
      { x: det.pmtX[17], y: det.pmtY[17], z: -1 },
      { x: -30, y: 25, z: -70 },
    ];
    const photons = 1700;
    const events = krEvents(points.map((p) => ({ x: p.x, y: p.y, t: -p.z / v, photons })));
    points.forEach((p, i) => {
      (events.column('s1_area') as Float32Array)[i] = photons * meanS1PePerPhoton(det, p.x, p.y, p.z);
    });
    const g1 = det.config.light.g1_pe_per_photon;
    const restored = correctedAreasPlugin
      .compute({ event_basics: events }, settings as never, CHUNK)
      .column('cs1') as Float32Array;
    const linear = correctedAreasPlugin
      .compute({ event_basics: events }, { ...settings, s1_xyz_map: 'linear' } as never, CHUNK)
      .column('cs1') as Float32Array;
    for (let i = 0; i < 3; i++) expect(restored[i] / (g1 * photons)).toBeCloseTo(1, 5);
    expect(linear[0] / (g1 * photons)).toBeCloseTo(0.836, 3); // a sixth of the light aims at the dead PMT right below
    expect(linear[1] / (g1 * photons)).toBeCloseTo(0.931, 3);
    expect(linear[2] / (g1 * photons)).toBeGreaterThan(0.99);
  });

  it('rejects an unknown S1 map and a light model without its top-array shares', () => {
    expect(conditionsError({ s1_xyz_map: 'xyz' })).toBe(
      "option 's1_xyz_map': unknown map \"xyz\"; known: 'linear', 'light_model'",
    );
    expect(conditionsError({ s1_xyz_map: 'light_model', s1_area_fraction_top: -1 })).toBe(
      "option 's1_area_fraction_top': s1_xyz_map 'light_model' needs two shares in [0, 1] (at the gate, at the cathode), got -1",
    );
    expect(conditionsError({ s1_xyz_map: 'light_model', s1_area_fraction_top: [0.4, 1.2] })).toContain('got [0.4,1.2]');
  });

  it('rejects unusable condition values, naming the option', () => {
    expect(conditionsError({ s2_xy_map: 'measured-v3' })).toBe(
      "option 's2_xy_map': unknown map \"measured-v3\"; known: 'flat', 'light_model'",
    );
    expect(conditionsError({ s2_xy_map: 'light_model', pmt_x: [1, 2] })).toBe(
      "option 'pmt_x' lists 2 PMTs; the top array has n_top_channels=253",
    );
    expect(conditionsError({ g2: 0 })).toBe("option 'g2' must be > 0, got 0");
    expect(conditionsError({ electron_lifetime: -1 })).toBe("option 'electron_lifetime' must be > 0, got -1");
  });
});

describe('event_info', () => {
  it('is event_basics followed by corrected_areas without its time/endtime, derived from both schemas', () => {
    const names = eventInfo.fields.map((f) => f.name);
    expect(names).toEqual([
      ...eventBasics.fields.map((f) => f.name),
      'cs1',
      'cs2',
      'alt_cs1',
      'alt_cs2',
      'elife_correction',
      'e_ces',
    ]);
    expect(eventInfo.fields.find((f) => f.name === 'cs1')).toBe(correctedAreas.fields.find((f) => f.name === 'cs1'));
  });

  it('joins the two row by row and refuses rows that do not match', () => {
    const basics = krEvents([
      { x: 1, y: 2, t: 5e5, photons: 1600 },
      { x: -3, y: 4, t: 9e5, photons: 1650 },
    ]);
    const corrected = correctedAreasPlugin.compute({ event_basics: basics }, TRUTH, CHUNK);
    const info = eventInfoPlugin.compute({ event_basics: basics, corrected_areas: corrected }, {}, CHUNK);
    expect(info.length).toBe(2);
    expect(info.column('event_number')).toEqual(basics.column('event_number'));
    expect(info.column('s2_x')).toEqual(basics.column('s2_x'));
    expect(info.column('e_ces')).toEqual(corrected.column('e_ces'));
    expect(info.column('cs2')).not.toBe(corrected.column('cs2')); // copies: the product owns its columns
    expect(() =>
      eventInfoPlugin.compute({ event_basics: basics, corrected_areas: corrected.slice(0, 1) }, {}, CHUNK),
    ).toThrow('event_info: corrected_areas (1 rows) do not match event_basics (2 rows) row by row');
  });
});
