import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@dance/schema';
import type { Store } from '@dance/store';
import { buildDetector } from '../detector/detector.js';
import { parseDetectorConfig } from '../detector/load.js';
import { type Check, validateTruth } from './checks.js';
import { plotSvg } from './svg.js';

export interface ValidationReport {
  run: string;
  lineage: string;
  passed: boolean;
  checks: Omit<Check, 'plot'>[];
  markdownPath: string;
}

/** Reads a simulated run's truth from the store, checks it and writes report.md with SVG plots into `outDir`. */
export async function validateRun(store: Store, run: string, outDir: string): Promise<ValidationReport> {
  const keys = store.list({ run, type: 'truth_interactions' });
  if (keys.length === 0)
    throw new UserError(`run '${run}': no truth_interactions in the store (was it made by dance sim?)`);
  const key = keys[0];
  const manifest = store.manifest(key);
  const prov = (manifest.provenance ?? {}) as Record<string, unknown>;
  const det = buildDetector(parseDetectorConfig(prov.detector_config, `run '${run}' provenance detector_config`));
  const interactions = await store.readAll(key);
  const peaks = await store.readAll({ run, type: 'truth_peaks', lineage: key.lineage });
  const checks = validateTruth(det, interactions, peaks);
  mkdirSync(outDir, { recursive: true });
  const lines = [
    `# Simulation validation: run ${run}`,
    '',
    `Detector \`${det.config.name}\`, source \`${JSON.stringify(prov.source)}\`, seed ${prov.seed}, ${prov.duration_s} s at ${prov.rate_hz} Hz, lineage \`${key.lineage}\`, DANCE ${prov.dance_version}.`,
    `${interactions.length} deposits, ${peaks.length} true peaks. A check fails when the simulation deviates from the model by more than 4 standard errors.`,
    '',
    '| check | result | detail |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.name} | ${c.passed ? 'pass' : '**FAIL**'} | ${c.summary} |`),
    '',
  ];
  checks.forEach((c, i) => {
    if (!c.plot) return;
    const file = `plot-${i + 1}.svg`;
    writeFileSync(join(outDir, file), plotSvg(c.plot));
    lines.push(`## ${c.name}`, '', `![${c.plot.title}](${file})`, '');
  });
  const markdownPath = join(outDir, 'report.md');
  writeFileSync(markdownPath, `${lines.join('\n')}\n`);
  return {
    run,
    lineage: key.lineage,
    passed: checks.every((c) => c.passed),
    checks: checks.map(({ plot: _plot, ...rest }) => rest),
    markdownPath,
  };
}
