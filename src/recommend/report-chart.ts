import { type ChartSpec, renderChart, type SeriesSpec } from '../charts/index.js';
import type { Recommendation } from './recommendation.js';

/**
 * Latency against throughput: one line per instance count, a point per concurrency (p99 over
 * req/s; the tooltip names the concurrency), the p99 target as a reference line and the
 * recommended run as a point of its own. Runs without a successful request have no latency and
 * are left out.
 */
export function latencyChart(r: Recommendation): string {
  const series: SeriesSpec[] = r.settings.instances.map((instances) => ({
    name: `${instances} instance${instances === 1 ? '' : 's'}`,
    style: 'line+markers',
    points: r.runs
      .filter((run) => run.instances === instances && Number.isFinite(run.latencyMs.p99))
      .map((run) => ({
        x: run.throughput,
        y: run.latencyMs.p99,
        label: `${instances} × concurrency ${run.concurrency}: ${run.throughput} req/s, p99 ${run.latencyMs.p99} ms`,
      })),
  }));
  if (r.recommendation) {
    const rec = r.recommendation;
    series.push({
      name: 'recommended',
      style: 'scatter',
      color: '#000000',
      points: [
        { x: rec.throughput, y: rec.latencyMs.p99, label: `recommended: ${rec.instances} × concurrency ${rec.concurrency}` },
      ],
    });
  }
  const target = r.target.latencyP99Ms;
  const spec: ChartSpec = {
    title: `p99 latency vs throughput: ${r.model}`,
    x: { label: 'throughput (requests/s)', min: 0 },
    panels: [
      {
        y: { label: 'p99 latency (ms)', min: 0 },
        series,
        references: target === undefined ? [] : [{ y: target, label: `target p99 ${target} ms` }],
      },
    ],
  };
  return renderChart(spec);
}
