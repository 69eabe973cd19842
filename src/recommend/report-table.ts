import type { CloudEstimate, LoadRun, Recommendation } from './recommendation.js';

/** The runs as table cells, one row per run, the recommended one marked `*` (text and Markdown share it). */
export function runTable(r: Recommendation): { header: string[]; rows: string[][] } {
  const header = [
    '',
    'INSTANCES',
    'CONCURRENCY',
    'REQ/S',
    'REQ/S/INSTANCE',
    'P50 ms',
    'P90 ms',
    'P99 ms',
    'ERRORS',
    'MEETS TARGET',
  ];
  const rec = r.recommendation;
  const rows = r.runs.map((run) => [
    rec && run.instances === rec.instances && run.concurrency === rec.concurrency ? '*' : '',
    String(run.instances),
    String(run.concurrency),
    fixed(run.throughput, 1),
    fixed(run.throughputPerInstance, 1),
    ms(run.latencyMs.p50),
    ms(run.latencyMs.p90),
    ms(run.latencyMs.p99),
    String(run.errors),
    run.meetsTarget ? 'yes' : 'no',
  ]);
  return { header, rows };
}

/** The cloud estimate as table cells, cheapest first. */
export function cloudTable(cloud: CloudEstimate): { header: string[]; rows: string[][] } {
  const header = [
    'INSTANCE TYPE',
    'VCPU',
    'MEMORY GiB',
    `${cloud.prices.currency}/HOUR EACH`,
    'COUNT',
    'CAPACITY REQ/S',
    `${cloud.prices.currency}/HOUR`,
    `${cloud.prices.currency}/1M REQUESTS`,
  ];
  const rows = cloud.options.map((o) => [
    o.instanceType,
    String(o.vcpu),
    String(o.memoryGiB),
    o.pricePerHour.toFixed(3),
    String(o.count),
    fixed(o.capacity, 0),
    o.costPerHour.toFixed(3),
    o.costPerMillionRequests.toFixed(4),
  ]);
  return { header, rows };
}

/** One sentence with the outcome: what is recommended, or that nothing met the target and what came closest. */
export function verdict(r: Recommendation): string {
  const target = r.target.latencyP99Ms;
  if (r.recommendation) {
    const why =
      target === undefined
        ? 'no p99 target was given, so the fewest instances with the most throughput'
        : `the fewest instances whose measured p99 is within ${target} ms`;
    return `Recommended: ${describeRun(r.recommendation)} (${why}).`;
  }
  const best = r.best ? ` The lowest p99 measured was ${describeRun(r.best)}.` : ' Every run had errors.';
  const wanted = target === undefined ? 'ran without errors' : `met the p99 target of ${target} ms without errors`;
  return `No configuration ${wanted}.${best}`;
}

export function describeRun(run: LoadRun): string {
  const plural = run.instances === 1 ? 'instance' : 'instances';
  return `${run.instances} ${plural} at concurrency ${run.concurrency}: ${fixed(run.throughput, 1)} req/s, p99 ${ms(run.latencyMs.p99)} ms`;
}

/** The cheapest cloud option as a sentence, or nothing. */
export function cheapest(cloud: CloudEstimate | undefined): string {
  const o = cloud?.options[0];
  if (!cloud || !o) return '';
  return `Cheapest equivalent: ${o.count} × ${o.instanceType} at ${cloud.prices.currency} ${o.costPerHour.toFixed(3)}/hour, ${cloud.prices.currency} ${o.costPerMillionRequests.toFixed(4)} per 1M requests (prices of ${cloud.prices.date}, ${cloud.prices.region}).`;
}

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(3);
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}
