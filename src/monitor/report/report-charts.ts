/**
 * The report's charts as `ChartSpec`s (drawn by src/charts): a feature's distribution, baseline
 * beside current; drift distance per feature across executions; model-quality metrics across
 * executions. Specs, not SVG, so tests can read what a chart shows without parsing it.
 */
import type { ChartPoint, ChartSpec, SeriesSpec } from '../../charts/index.js';
import type { FeatureStatistics, KllBucket } from '../monitor-files.js';
import { categoricalBuckets, numericBuckets } from './bucket-distance.js';

const SIDES = [
  { name: 'baseline', color: '#1f77b4', dashed: true },
  { name: 'current', color: '#d62728', dashed: false },
] as const;

/**
 * Numbers: the histogram as a density (share of values per unit, so buckets of different widths
 * compare), one step line per side. Strings: the share of each value, values on the x axis in
 * order of baseline frequency. `undefined` when neither side has a distribution.
 */
export function distributionChart(
  name: string,
  baseline: FeatureStatistics | undefined,
  current: FeatureStatistics | undefined,
): ChartSpec | undefined {
  const sides = [baseline, current];
  if (sides.some((f) => f && numericBuckets(f))) {
    const series = sides.flatMap((f, i) => {
      const buckets = f && numericBuckets(f);
      return buckets ? [{ ...SIDES[i]!, style: 'step' as const, points: densityPoints(buckets) }] : [];
    });
    return {
      title: `${name}: distribution`,
      width: 560,
      panelHeight: 180,
      x: { label: name },
      panels: [{ y: { label: 'share per unit', min: 0 }, series }],
    };
  }
  if (!sides.some((f) => f && categoricalBuckets(f))) return undefined;
  return categoricalChart(name, baseline, current);
}

function densityPoints(buckets: readonly KllBucket[]): ChartPoint[] {
  const total = buckets.reduce((s, k) => s + k.count, 0) || 1;
  const flat = buckets.some((k) => !(k.upper_bound > k.lower_bound));
  const points = buckets.map((k) => {
    const share = k.count / total;
    const y = flat ? share : share / (k.upper_bound - k.lower_bound);
    return { x: k.lower_bound, y, label: `[${k.lower_bound}, ${k.upper_bound}]: ${k.count} values` };
  });
  const last = buckets[buckets.length - 1]!;
  points.push({ x: last.upper_bound, y: points[points.length - 1]!.y, label: `up to ${last.upper_bound}` });
  return points;
}

function categoricalChart(name: string, baseline?: FeatureStatistics, current?: FeatureStatistics): ChartSpec {
  const shares = (f?: FeatureStatistics) => {
    const buckets = (f && categoricalBuckets(f)) ?? [];
    const total = buckets.reduce((s, k) => s + k.count, 0) || 1;
    return new Map(buckets.map((k) => [k.value, k.count / total]));
  };
  const maps = [shares(baseline), shares(current)];
  const values = [...new Set([...maps[0]!.keys(), ...maps[1]!.keys()])].sort(
    (a, b) => (maps[0]!.get(b) ?? 0) - (maps[0]!.get(a) ?? 0),
  );
  const series: SeriesSpec[] = maps.map((m, i) => ({
    ...SIDES[i]!,
    style: 'line+markers',
    points: values.map((v, x) => ({ x, y: m.get(v) ?? 0, label: `${v}: ${percent(m.get(v) ?? 0)}` })),
  }));
  const format = (x: number) => (Number.isInteger(x) && values[x] !== undefined ? clip(values[x]!) : '');
  return {
    title: `${name}: value shares`,
    width: 560,
    panelHeight: 180,
    x: { label: name, min: -0.5, max: Math.max(values.length - 0.5, 0.5), format, ticks: Math.min(values.length, 10) },
    panels: [{ y: { label: 'share of values', min: 0 }, series }],
  };
}

/** One line per feature over the executions (x = execution index, ticks named by label). */
export function driftChart(
  labels: readonly string[],
  distances: ReadonlyMap<string, readonly (number | undefined)[]>,
  threshold: number | undefined,
): ChartSpec {
  const series: SeriesSpec[] = [...distances].map(([feature, values]) => ({
    name: feature,
    style: 'line+markers',
    points: values.map((y, x) => ({ x, y: y ?? Number.NaN, label: `${feature} at ${labels[x]}: ${y ?? 'no data'}` })),
  }));
  return {
    title: 'Drift distance over executions',
    x: executionAxis(labels),
    panels: [
      {
        y: { label: 'distance to baseline', min: 0 },
        series,
        references: threshold === undefined ? [] : [{ y: threshold, label: `threshold ${threshold}` }],
      },
    ],
  };
}

/** One panel per metric (their scales differ: mae next to r2), sharing the executions axis. */
export function metricChart(labels: readonly string[], metrics: ReadonlyMap<string, readonly (number | undefined)[]>): ChartSpec {
  return {
    title: 'Model-quality metrics over executions',
    legend: false,
    x: executionAxis(labels),
    panels: [...metrics].map(([metric, values]) => ({
      title: metric,
      y: { label: metric },
      series: [
        {
          name: metric,
          style: 'line+markers' as const,
          points: values.map((y, x) => ({ x, y: y ?? Number.NaN, label: `${metric} at ${labels[x]}: ${y ?? 'no data'}` })),
        },
      ],
    })),
  };
}

function executionAxis(labels: readonly string[]) {
  const format = (x: number) => (Number.isInteger(x) && labels[x] !== undefined ? clip(labels[x]!) : '');
  return { label: 'execution', min: -0.5, max: Math.max(labels.length - 0.5, 0.5), format, ticks: Math.min(labels.length, 8) };
}

function clip(text: string): string {
  return text.length > 14 ? `${text.slice(0, 13)}…` : text;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
