import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plotSvg } from '@dance/plot';
import { UserError } from '@dance/schema';
import type { Store } from '@dance/store';
import { buildDetector } from '../detector/detector.js';
import { parseDetectorConfig } from '../detector/load.js';
import { type Check, validateTruth } from './checks.js';

export interface ValidationReport {
  run: string;
  lineage: string;
  passed: boolean;
  checks: Omit<Check, 'plot'>[];
  markdownPath: string;
}

/**
 * Reads a simulated run's truth (the newest simulation stored under `run`, or the one with
 * `lineage`) from the store, checks it and writes report.md with SVG plots into `outDir`.
 */
export async function validateRun(
  store: Store,
  run: string,
  outDir: string,
  lineage?: string,
): Promise<ValidationReport> {
  const keys = store
    .list({ run, type: 'truth_interactions' })
    .filter((k) => lineage === undefined || k.lineage === lineage);
  if (keys.length === 0) {
    const which = lineage ? ` with lineage ${lineage}` : '';
    throw new UserError(`run '${run}': no truth_interactions${which} in the store (was it made by dance sim?)`);
  }
  const manifest = keys.map((k) => store.manifest(k)).sort((a, b) => (a.created < b.created ? 1 : -1))[0];
  const key = { run, type: 'truth_interactions', lineage: manifest.lineage };
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
    ...checks.map((c) => `| ${c.name} | ${c.skipped ? 'skipped' : c.passed ? 'pass' : '**FAIL**'} | ${c.summary} |`),
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
