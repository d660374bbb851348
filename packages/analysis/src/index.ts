export { type AxisQuery, axisFor } from './auto-axis.js';
export {
  activeRegions,
  type BlindingRegion,
  readUnblindingLog,
  regionHash,
  type UnblindingEntry,
  unblind,
} from './blinding.js';
export { type CutFlow, type CutFlowRow, cutFlow } from './cutflow.js';
export { allOf, type Cut, type CutSet, checkCuts, loadCuts, parseCuts } from './cuts.js';
export { type FitResult, type FitSpec, type FittedParameter, fitBinned, fitUnbinned } from './fit/fit.js';
export { hesse, type Minimum, minimize, type Parameter } from './fit/minimize.js';
export { erfc, SHAPES } from './fit/models.js';
export { profileInterval } from './fit/profile.js';
export {
  type HistogramEngine,
  type HistogramQuery,
  histogram,
  histogramInDuckDB,
  histogramWithEngine,
} from './hist-sql.js';
export { type Axis, binIndex, Histogram } from './histogram.js';
export {
  type AnalysisConfig,
  DEFAULT_ANALYSIS,
  type OpenAnalysis,
  type OpenRequest,
  openAnalysis,
  unblindingLogPath,
} from './open.js';
export { PNG_PROVENANCE_KEY, type PngChunk, pngChunks, pngProvenance, svgToPng } from './png.js';
export { type ResultProvenance, resultProvenance } from './provenance.js';
export { type ProductRef, type Selection, selectProducts, selectRuns } from './selection.js';
export { AnalysisSession, type Resources, type Row, type TableSource } from './session.js';
export { histogramSvg, provenanceJson } from './svg.js';
export { syntheticEventInfo } from './synthetic.js';
export { columnValues } from './values.js';
export { livetime, loadVetoes, mergeIntervals, type VetoSet } from './vetoes.js';
