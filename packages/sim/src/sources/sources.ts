import { UserError } from '@dance/schema';
import type { Recoil } from '../physics/recoil.js';
import type { Random } from '../rng.js';
import { tritiumEnergy } from './tritium.js';

/** One energy deposit of a decay or scatter; all deposits of an event share its position. */
export interface Deposit {
  /** Delay after the event time, ns. */
  delayNs: number;
  energy: number;
  recoil: Recoil;
}

/** What the user chose: a source name plus the energies that parametrise it. */
export interface SourceSpec {
  name: string;
  /** Line energy (gamma), keV. */
  energyKeV?: number;
  /** Spectrum range for flat and AmBe-like spectra, keV. */
  minKeV?: number;
  maxKeV?: number;
}

export interface Source {
  readonly name: string;
  readonly description: string;
  /** Deposits of one event, drawn from the event's own random stream. */
  sample(rng: Random): Deposit[];
}

const KR83M_HALF_LIFE_NS = 154.4;

type Factory = (spec: SourceSpec) => Source;

function range(spec: SourceSpec, min: number, max: number): [number, number] {
  const lo = spec.minKeV ?? min;
  const hi = spec.maxKeV ?? max;
  if (!(lo >= 0 && hi > lo)) throw new UserError(`source '${spec.name}': need 0 <= min < max keV, got ${lo}..${hi}`);
  return [lo, hi];
}

const SOURCES: Record<string, { help: string; make: Factory }> = {
  kr83m: {
    help: '83mKr: 32.1 keV then 9.4 keV after a 154 ns half-life',
    make: () => ({
      name: 'kr83m',
      description: '83mKr internal conversion: 32.1 keV, then 9.4 keV (T1/2 = 154.4 ns)',
      sample: (rng) => [
        { delayNs: 0, energy: 32.1, recoil: 'er-beta' },
        { delayNs: rng.exponential(KR83M_HALF_LIFE_NS / Math.LN2), energy: 9.4, recoil: 'er-beta' },
      ],
    }),
  },
  tritium: {
    help: 'tritium beta spectrum, Q = 18.59 keV',
    make: () => ({
      name: 'tritium',
      description: 'CH3T beta decay, Q = 18.59 keV',
      sample: (rng) => [{ delayNs: 0, energy: tritiumEnergy(rng), recoil: 'er-beta' }],
    }),
  },
  'flat-er': {
    help: 'flat electronic-recoil spectrum, --min-energy..--max-energy keV (default 0..20)',
    make: (spec) => {
      const [lo, hi] = range(spec, 0, 20);
      return {
        name: 'flat-er',
        description: `flat ER spectrum ${lo}-${hi} keV`,
        sample: (rng) => [{ delayNs: 0, energy: lo + (hi - lo) * rng.uniform(), recoil: 'er-beta' }],
      };
    },
  },
  'flat-nr': {
    help: 'flat nuclear-recoil spectrum, --min-energy..--max-energy keV (default 0..60)',
    make: (spec) => {
      const [lo, hi] = range(spec, 0, 60);
      return {
        name: 'flat-nr',
        description: `flat NR spectrum ${lo}-${hi} keV`,
        sample: (rng) => [{ delayNs: 0, energy: lo + (hi - lo) * rng.uniform(), recoil: 'nr' }],
      };
    },
  },
  gamma: {
    help: 'mono-energetic gamma line at --energy keV (default 163.9, 131mXe)',
    make: (spec) => {
      const e = spec.energyKeV ?? 163.9;
      if (!(e > 0)) throw new UserError(`source 'gamma': --energy must be > 0 keV, got ${e}`);
      return {
        name: 'gamma',
        description: `gamma line ${e} keV (single site, full absorption)`,
        sample: () => [{ delayNs: 0, energy: e, recoil: 'er-gamma' }],
      };
    },
  },
  ambe: {
    help: 'AmBe-like nuclear recoils: exponential spectrum, 25 keV slope, --min-energy..--max-energy (default 0.5..200)',
    make: (spec) => {
      const [lo, hi] = range(spec, 0.5, 200);
      // an exponential with 25 keV slope stands in for the AmBe recoil spectrum (single scatters only)
      const slope = 25;
      const cLo = Math.exp(-lo / slope);
      const cHi = Math.exp(-hi / slope);
      return {
        name: 'ambe',
        description: `AmBe-like NR spectrum ${lo}-${hi} keV (exponential, 25 keV slope)`,
        sample: (rng) => [{ delayNs: 0, energy: -slope * Math.log(cLo - rng.uniform() * (cLo - cHi)), recoil: 'nr' }],
      };
    },
  },
};

export const SOURCE_NAMES: readonly string[] = Object.keys(SOURCES);

export function sourceHelp(): string {
  return Object.entries(SOURCES)
    .map(([name, s]) => `${name}: ${s.help}`)
    .join('\n');
}

/** The source for `spec`; an unknown name lists the valid ones. */
export function makeSource(spec: SourceSpec): Source {
  const entry = Object.hasOwn(SOURCES, spec.name) ? SOURCES[spec.name] : undefined;
  if (!entry) throw new UserError(`unknown source '${spec.name}'; valid sources: ${SOURCE_NAMES.join(', ')}`);
  return entry.make(spec);
}
