// The SVG chart writer: plain data in (`ChartSpec`), one standalone SVG string out. No
// dependencies and no I/O, so the recommender's report and the autoscaling simulation both draw
// with it and tests read the result back by class and data attributes.
export type { AxisScale } from './axis-scale.js';
export { PALETTE } from './chart-colors.js';
export type {
  AxisSpec,
  ChartPoint,
  ChartSpec,
  EventMarker,
  PanelSpec,
  ReferenceLine,
  SeriesSpec,
  SeriesStyle,
} from './chart-spec.js';
export { formatTick, niceTicks, type Ticks } from './nice-ticks.js';
export { renderChart } from './render-chart.js';
export { escapeXml } from './svg-text.js';
