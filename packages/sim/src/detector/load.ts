import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '@dance/schema';
import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { type DetectorConfig, detectorConfig } from './config.js';
import { buildDetector, type Detector, pmtPositions } from './detector.js';

/** packages/sim/detectors, found from this module both as src/*.ts (tests) and dist/src/*.js. */
function builtinDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'detectors');
}

export function builtinDetectors(): string[] {
  return readdirSync(builtinDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

function describeIssues(where: string, error: ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown key '${[...path, issue.keys[0]].join('.')}'`;
  }
  const key = path.length ? path.join('.') : '(top level)';
  return `${where}: key '${key}': ${issue.message}`;
}

/** Checks the physics the schema cannot express: PMTs inside the detector, channels that exist. */
function checkConsistency(where: string, c: DetectorConfig): void {
  const r = c.geometry.radius_cm;
  for (const side of ['top', 'bottom'] as const) {
    pmtPositions(c.pmts[side]).forEach(([x, y], i) => {
      if (Math.hypot(x, y) > r + 1e-9) {
        throw new UserError(
          `${where}: key 'pmts.${side}': PMT ${i} at (${x.toFixed(1)}, ${y.toFixed(1)}) cm lies outside the detector radius ${r} cm`,
        );
      }
    });
  }
  const channels = pmtPositions(c.pmts.top).length + pmtPositions(c.pmts.bottom).length;
  for (const ch of c.pmts.dead_channels) {
    if (ch >= channels)
      throw new UserError(`${where}: key 'pmts.dead_channels': channel ${ch} does not exist (0..${channels - 1})`);
  }
  for (const ch of Object.keys(c.pmts.gain_by_channel)) {
    if (Number(ch) >= channels)
      throw new UserError(`${where}: key 'pmts.gain_by_channel': channel ${ch} does not exist (0..${channels - 1})`);
  }
  const d = c.digitizer;
  if (d.baseline_adc >= 2 ** d.bits) {
    throw new UserError(`${where}: key 'digitizer.baseline_adc': ${d.baseline_adc} does not fit in ${d.bits} bits`);
  }
}

/** Validates a parsed detector description; errors name the file, the key and the reason. */
export function parseDetectorConfig(raw: unknown, where = 'detector'): DetectorConfig {
  const parsed = detectorConfig.safeParse(raw);
  if (!parsed.success) throw new UserError(describeIssues(where, parsed.error));
  checkConsistency(where, parsed.data);
  return parsed.data;
}

/** A built-in detector by name (`xenon-demo`, `xenon-lab`) or a YAML/JSON file by path. */
export function loadDetectorConfig(nameOrPath: string): DetectorConfig {
  const builtin = join(builtinDir(), `${nameOrPath}.yaml`);
  const isBuiltin = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(nameOrPath) && existsSync(builtin);
  const file = isBuiltin ? builtin : nameOrPath;
  if (!isBuiltin && !existsSync(file)) {
    throw new UserError(
      `unknown detector '${nameOrPath}': not a file; built-in detectors: ${builtinDetectors().join(', ')}`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseDetectorConfig(raw, isBuiltin ? `detector '${nameOrPath}'` : file);
}

export function loadDetector(nameOrPath: string): Detector {
  return buildDetector(loadDetectorConfig(nameOrPath));
}
