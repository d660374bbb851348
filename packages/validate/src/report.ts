import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeXml, plotSvg } from '@dance/plot';
import { UserError } from '@dance/schema';
import type { ProductKey, Store } from '@dance/store';
import { type Check, THRESHOLDS } from './checks.js';
import { loadInputs, type ValidatedProduct } from './inputs.js';
import type { LineFit } from './kr83m.js';
import { areaPlot, efficiencyPlot, krEnergyPlot, krSplitPlot, positionPlot } from './plots.js';
import { type Figures, SIZE_EDGES, type Validation, validate } from './validation.js';

export interface ReportOptions {
  /** Products that must be stored (a UserError names the `dance process` to run otherwise). */
  needed: readonly ValidatedProduct[];
  /** Lineages pinned by type. */
  pinned?: Readonly<Record<string, string>>;
  /** Written into report.json, e.g. the DANCE version. */
  software?: Record<string, string>;
}

/** report.json: every figure, the checks and what they were made from. */
export interface ValidationReport {
  run: string;
  passed: boolean;
  checks: Check[];
  thresholds: typeof THRESHOLDS;
  figures: Figures;
  kr83m?: {
    events: number;
    mergedEvents: number;
    splitEvents: number;
    lines: Omit<LineFit, 'fit'>[];
    notes: string[];
  };
  sizeBinsPe: number[];
  provenance: { products: ProductKey[]; missing: { type: string; make: string }[]; software: Record<string, string> };
  created: string;
  html: string;
  json: string;
}

/** Validates a stored simulated run and writes report.html (inline SVG plots) and report.json to `outDir`. */
export async function validateRun(
  store: Store,
  run: string,
  outDir: string,
  options: ReportOptions,
): Promise<ValidationReport> {
  const inputs = await loadInputs(store, run, options.needed, options.pinned);
  const v = validate(inputs);
  const report: ValidationReport = {
    run,
    passed: v.passed,
    checks: v.checks,
    thresholds: THRESHOLDS,
    figures: v.figures,
    kr83m: v.kr && {
      events: v.kr.events,
      mergedEvents: v.kr.mergedEnergies.length,
      splitEvents: v.kr.firstCs1.length,
      lines: [v.kr.merged, v.kr.first, v.kr.second].flatMap((l) => (l ? [withoutFit(l)] : [])),
      notes: v.kr.notes,
    },
    sizeBinsPe: SIZE_EDGES,
    provenance: { products: inputs.products, missing: inputs.missing, software: options.software ?? {} },
    created: new Date().toISOString(),
    html: join(outDir, 'report.html'),
    json: join(outDir, 'report.json'),
  };
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(report.json, `${JSON.stringify(report, (_k, x) => (Number.isNaN(x) ? null : x), 1)}\n`);
    writeFileSync(report.html, html(report, v));
  } catch (err) {
    throw new UserError(`report directory ${outDir}: cannot write (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return report;
}

function withoutFit({ fit: _fit, ...line }: LineFit): Omit<LineFit, 'fit'> {
  return line;
}

function html(r: ValidationReport, v: Validation): string {
  const f = r.figures;
  const checkRows = r.checks.map((c) =>
    row([
      c.what,
      c.skipped ? 'skipped' : c.passed ? 'pass' : '<b class="fail">FAIL</b>',
      c.skipped ? escapeXml(c.skipped) : num(c.measured),
      num(c.limit),
      String(c.entries),
    ]),
  );
  const sections = [
    `<h1>Processing vs truth: run ${escapeXml(r.run)}</h1>`,
    `<p>${r.passed ? 'All checks passed.' : '<b class="fail">Some checks failed.</b>'} ${f.truthPeaks} true peaks, ${f.recoPeaks} reconstructed peaks. Made ${escapeXml(r.created)}.</p>`,
    table(['check', 'result', 'measured', 'limit', 'entries'], checkRows),
    '<h2>Products used</h2>',
    table(
      ['type', 'lineage'],
      [
        ...r.provenance.products.map((p) => row([escapeXml(p.type), `<code>${escapeXml(p.lineage)}</code>`])),
        ...r.provenance.missing.map((m) => row([escapeXml(m.type), `not stored: <code>${escapeXml(m.make)}</code>`])),
      ],
    ),
    '<h2>Matching</h2>',
    '<p>A true peak is matched to the reconstructed peak containing its center time, else to the one overlapping it most; it is <i>found</i> when that peak has its type. Truth peaks sharing a reconstructed peak (Kr-83m: both S2s, usually both S1s) are summed for the area comparison; positions are compared with the largest of them. Efficiency intervals are Wilson 68 %.</p>',
    plotSvg(efficiencyPlot(v)),
    table(
      ['type', 'true PE', 'true', 'found', 'efficiency', '68 % interval'],
      [
        ...f.s1Efficiency.map((b) => row(['S1', range(b), b.truth, b.found, num(b.efficiency), interval(b)])),
        ...f.s2Efficiency.map((b) => row(['S2', range(b), b.truth, b.found, num(b.efficiency), interval(b)])),
      ],
    ),
    table(
      ['true type', 'missed', 'as unknown', 'as S1', 'as S2'],
      f.classification.map((c) => row([`S${c.truthType}`, c.missed, c.asUnknown, c.asS1, c.asS2])),
    ),
    `<p>Reconstructed peaks matching no true peak: ${f.unmatchedReco.s1} S1, ${f.unmatchedReco.s2} S2, ${f.unmatchedReco.unknown} unknown.</p>`,
    '<h2>Area bias and resolution</h2>',
    plotSvg(areaPlot(v)),
    table(
      ['type', 'true PE', 'peaks', 'bias', 'resolution'],
      [
        ...f.s1Area.map((b) => row(['S1', range(b), b.peaks, num(b.bias), num(b.resolution)])),
        ...f.s2Area.map((b) => row(['S2', range(b), b.peaks, num(b.bias), num(b.resolution)])),
      ],
    ),
    '<h2>Position resolution</h2>',
    ...(f.s2Position.length
      ? [
          plotSvg(positionPlot(f.s2Position)),
          table(
            ['true PE', 'S2s', 'no position', '68 % radius [cm]'],
            f.s2Position.map((b) => row([range(b), b.peaks, b.unreconstructed, num(b.r68)])),
          ),
        ]
      : ['<p>No peak_positions stored.</p>']),
    '<h2>Kr-83m spectrum</h2>',
    ...(v.kr && r.kr83m
      ? [
          `<p>${r.kr83m.events} events: ${r.kr83m.mergedEvents} with one S1 (the two merged), ${r.kr83m.splitEvents} with the 9.4 keV S1 resolved (alternative S1 within 1 µs of the main one). The single S2 of a split event holds both lines' charge, which cannot be divided, so the split lines are fitted in cS1 (PE), not in energy.</p>`,
          plotSvg(krEnergyPlot(v.kr)),
          plotSvg(krSplitPlot(v.kr)),
          table(
            ['line', 'events in range', 'model', 'mean', 'σ', 'σ/μ', 'fit valid'],
            r.kr83m.lines.map((l) =>
              row([
                escapeXml(l.line),
                l.events,
                l.model,
                `${num(l.mean)} ± ${num(l.meanError)} ${l.unit}`,
                `${num(l.sigma)} ${l.unit}`,
                num(l.resolution),
                l.valid ? 'yes' : 'no',
              ]),
            ),
          ),
          ...r.kr83m.notes.map((n) => `<p>${escapeXml(n)}</p>`),
        ]
      : [`<p>${r.checks.find((c) => c.id === 'kr_merged_energy')?.skipped ?? ''}</p>`]),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dance validate ${escapeXml(r.run)}</title>
<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.fail{color:#c00}svg{display:block;margin:1em 0}</style>
</head><body>
${sections.join('\n')}
</body></html>
`;
}

const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : '—');
const range = (b: { lo: number; hi: number }) => `${num(b.lo)}–${num(b.hi)}`;
const interval = (b: { lower: number; upper: number }) => `${num(b.lower)}–${num(b.upper)}`;
const row = (cells: (string | number)[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const table = (head: string[], rows: string[]) =>
  `<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>\n${rows.join('\n')}</table>`;
