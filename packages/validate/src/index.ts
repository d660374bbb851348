export { type Check, type CheckId, MIN_ENTRIES, THRESHOLDS } from './checks.js';
export * from './figures.js';
export { KR_COLUMNS, loadInputs, PRODUCTS, type ValidatedProduct, type ValidationInputs } from './inputs.js';
export { KR83M, type KrEvents, type KrSpectrum, krSpectrum, type LineFit, SPLIT_WINDOW_NS } from './kr83m.js';
export { type Matching, matchPeaks, type RecoPeaks, type TruthPeaks } from './matching.js';
export { type ReportOptions, type ValidationReport, validateRun } from './report.js';
export * from './stats.js';
export { type Figures, SIZE_EDGES, type Validation, validate } from './validation.js';
