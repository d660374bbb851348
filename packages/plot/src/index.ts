export { type Axis, axisTicks, dataRange } from './axis.js';
export { svgDocument } from './document.js';
export { coord, escapeXml } from './escape.js';
export { axesSvg, type Frame, frame, type Layout } from './frame.js';
export { type LegendEntry, legendHeight, legendSvg } from './legend.js';
export { type DotStyle, dotsMark, errorBars, lineMark, MAX_POINTS, polylines, stepsMark, thinned } from './marks.js';
export { PLOT_LAYOUT, type Plot, plotSvg, type Series } from './plot.js';
export { linearTicks, logTicks, tickLabel } from './ticks.js';
