/**
 * What a chart shows, as plain data: `renderChart(spec)` turns it into one standalone SVG string.
 *
 * A chart is one or more panels stacked top to bottom that share the x axis (its ticks are drawn
 * under the last panel only). Each panel has a left y axis and, when any of its series says
 * `axis: 'right'`, a right one with its own scale. Points with a non-finite x or y are gaps: a line
 * breaks there. The same spec always gives the same bytes (colours come from a fixed palette by
 * series order, coordinates are rounded to 0.01), so tests may compare structure or whole files.
 *
 * ```ts
 * renderChart({
 *   title: 'Instances and load',
 *   x: { label: 'minute' },
 *   panels: [
 *     { y: { label: 'instances' }, series: [{ name: 'instances', style: 'step', points }] },
 *     { y: { label: 'req/min per instance' }, series: [{ name: 'load', points: load }],
 *       references: [{ y: 1000, label: 'target' }], events: [{ x: 42, label: 'breach' }] },
 *   ],
 * });
 * ```
 */
export interface ChartSpec {
  readonly title?: string;
  /** Pixels; default 800. */
  readonly width?: number;
  /** Pixels per panel's plot area; default 260 (one panel) or 200 (several). */
  readonly panelHeight?: number;
  /** The shared x axis. */
  readonly x: AxisSpec;
  readonly panels: readonly PanelSpec[];
  /** Draw a legend of every named series above the panels; default true. */
  readonly legend?: boolean;
}

/** One axis: its label, optional fixed bounds (otherwise nice bounds around the data) and tick text. */
export interface AxisSpec {
  readonly label?: string;
  readonly min?: number;
  readonly max?: number;
  /** How a tick value is written; default: the shortest exact form of the nice number. */
  readonly format?: (value: number) => string;
  /** About how many ticks; default 6. */
  readonly ticks?: number;
}

export interface PanelSpec {
  readonly title?: string;
  /** The left y axis. */
  readonly y?: AxisSpec;
  /** The right y axis, used by series with `axis: 'right'`. */
  readonly y2?: AxisSpec;
  readonly series: readonly SeriesSpec[];
  /** Horizontal lines at a y value (a target, a threshold), on the left axis unless said. */
  readonly references?: readonly ReferenceLine[];
  /** Vertical markers at an x value (a breach, a deploy), drawn across the panel. */
  readonly events?: readonly EventMarker[];
}

/**
 * `line` joins points in x order as given; `step` holds each y until the next x (a count that
 * changes at instants); `scatter` draws only markers; `line+markers` both.
 */
export type SeriesStyle = 'line' | 'step' | 'scatter' | 'line+markers';

export interface SeriesSpec {
  readonly name: string;
  readonly points: readonly ChartPoint[];
  /** Default `line`. */
  readonly style?: SeriesStyle;
  /** Default `left`. */
  readonly axis?: 'left' | 'right';
  /** A CSS colour; default the palette's colour for this series' position in the chart. */
  readonly color?: string;
  readonly dashed?: boolean;
}

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** Shown as the marker's tooltip (an SVG `<title>`), e.g. "2 instances, concurrency 8". */
  readonly label?: string;
}

export interface ReferenceLine {
  readonly y: number;
  readonly label?: string;
  readonly axis?: 'left' | 'right';
}

export interface EventMarker {
  readonly x: number;
  readonly label?: string;
  /** A CSS colour; default red. */
  readonly color?: string;
}
