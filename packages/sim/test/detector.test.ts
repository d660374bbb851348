import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  buildDetector,
  builtinDetectors,
  type DetectorConfig,
  loadDetector,
  loadDetectorConfig,
  makeSource,
  parseDetectorConfig,
  SOURCE_NAMES,
} from '../src/index.js';

const demo = (): DetectorConfig => structuredClone(loadDetectorConfig('xenon-demo'));

// biome-ignore lint/suspicious/noExplicitAny: tests break the config on purpose, in ways its type forbids
type Loose = Record<string, any>;

function withChange(change: (c: Loose) => void): unknown {
  const c = demo() as unknown as Loose;
  change(c);
  return c;
}

describe('built-in detectors', () => {
  it('lists xenon-demo and xenon-lab', () => {
    expect(builtinDetectors()).toEqual(['xenon-demo', 'xenon-lab']);
  });

  it('xenon-demo has 494 PMTs, 253 top and 241 bottom, all inside the 66.4 cm radius', () => {
    const d = loadDetector('xenon-demo');
    expect(d.channels).toBe(494);
    expect(d.topChannels).toBe(253);
    for (let ch = 0; ch < d.channels; ch++) expect(Math.hypot(d.pmtX[ch], d.pmtY[ch])).toBeLessThanOrEqual(66.4);
    expect(d.alive[17]).toBe(0);
    expect(d.g2).toBeCloseTo(0.79 * 21.3, 9);
    // one photoelectron at 2.4e6 gain: about 140 ADC·samples, as the primer derives
    expect(d.adcPerPe[0]).toBeCloseTo(140, 0);
    expect(d.adcPerPe[300] / d.adcPerPe[0]).toBeCloseTo(3.1 / 2.4, 9);
    expect(d.maxDriftNs).toBeCloseTo((1486 / 0.675) * 1000, 3);
  });

  it('xenon-lab is a small cell with 8 PMTs', () => {
    const d = loadDetector('xenon-lab');
    expect([d.channels, d.topChannels]).toEqual([8, 7]);
  });

  it('takes a measured SPE shape instead of rise and fall times', () => {
    const config = structuredClone(loadDetectorConfig('xenon-demo'));
    // a 20 ns flat-top pulse: half its area in each of two samples when it arrives on a sample edge
    config.digitizer.spe_shape = Array.from({ length: 21 }, () => 1);
    const { pulse } = buildDetector(config);
    expect(pulse.length).toBe(3);
    expect(Array.from(pulse.fractions.subarray(0, 3))).toEqual([0.5, 0.5, 0]);
    expect(() => parseDetectorConfig(withChange((c) => (c.digitizer.spe_shape = [0, 0])))).toThrowError(
      "key 'digitizer.spe_shape': needs a non-zero sample",
    );
  });

  it('tabulates an SPE pulse whose every phase sums to one', () => {
    const { pulse } = loadDetector('xenon-demo');
    for (let p = 0; p < 10; p++) {
      const row = pulse.fractions.subarray(p * pulse.length, (p + 1) * pulse.length);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    }
  });
});

describe('detector validation', () => {
  const cases: [string, (c: Loose) => void, string][] = [
    ['an unknown key', (c) => (c.tpc.drift_feild_v_cm = 23), "detector: unknown key 'tpc.drift_feild_v_cm'"],
    [
      'a negative electron lifetime',
      (c) => (c.tpc.electron_lifetime_us = -5),
      "detector: key 'tpc.electron_lifetime_us': Too small: expected number to be >0",
    ],
    ['a zero drift field', (c) => (c.tpc.drift_field_v_cm = 0), "key 'tpc.drift_field_v_cm': Too small"],
    ['a missing key', (c) => delete c.tpc.extraction_efficiency, "key 'tpc.extraction_efficiency'"],
    ['a wrong type', (c) => (c.digitizer.bits = 'fourteen'), "key 'digitizer.bits'"],
    [
      'a PMT outside the detector',
      (c) =>
        (c.pmts.bottom = {
          positions_cm: [
            [0, 0],
            [70, 0],
          ],
        }),
      "detector: key 'pmts.bottom': PMT 1 at (70.0, 0.0) cm lies outside the detector radius 66.4 cm",
    ],
    ['a hex array too large for the detector', (c) => (c.pmts.top.pitch_cm = 9), "key 'pmts.top': PMT"],
    [
      'a dead channel that does not exist',
      (c) => (c.pmts.dead_channels = [494]),
      'channel 494 does not exist (0..493)',
    ],
    ['an efficiency above one', (c) => (c.tpc.extraction_efficiency = 1.3), "key 'tpc.extraction_efficiency': Too big"],
    ['a baseline beyond the ADC range', (c) => (c.digitizer.baseline_adc = 17000), 'does not fit in 14 bits'],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => parseDetectorConfig(withChange(change))).toThrowError(message);
      expect(() => parseDetectorConfig(withChange(change))).toThrowError(
        expect.objectContaining({ name: 'UserError' }),
      );
    });
  }

  it('names the file of a bad detector file, and reads a good one back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dance-det-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, stringify(withChange((c) => (c.tpc.electron_lifetime_us = -1))));
    expect(() => loadDetectorConfig(bad)).toThrowError(`${bad}: key 'tpc.electron_lifetime_us'`);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'tpc: [1, 2\n');
    expect(() => loadDetectorConfig(broken)).toThrowError(`${broken}: not valid YAML/JSON`);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(demo()));
    expect(buildDetector(loadDetectorConfig(good)).channels).toBe(494);
  });

  it('lists the built-ins for an unknown detector name', () => {
    expect(() => loadDetectorConfig('xenon-nope')).toThrowError(
      "unknown detector 'xenon-nope': not a file; built-in detectors: xenon-demo, xenon-lab",
    );
  });

  it('lists the valid sources for an unknown source', () => {
    expect(() => makeSource({ name: 'cs137' })).toThrowError(
      `unknown source 'cs137'; valid sources: ${SOURCE_NAMES.join(', ')}`,
    );
    expect(SOURCE_NAMES).toEqual(['kr83m', 'tritium', 'flat-er', 'flat-nr', 'gamma', 'ambe']);
  });
});
