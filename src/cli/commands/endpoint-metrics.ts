import { GodwitError } from '../../core/errors.js';
import { endpointMetricsReport, type LatencySummary, parseSince } from '../../metrics/endpoint-metrics-report.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointMetricsOptions } from '../spec/endpoint-metrics-spec.js';

/** `godwit endpoint metrics NAME`: recorded state, read through the library (no server needed). */
export const endpointMetricsCommand: Handler<typeof endpointMetricsOptions> = {
  run: ({ values, positionals: [endpoint], io }) =>
    withMetadata(io, async ({ metrics }) => {
      const end = new Date();
      const start = parseSince(values.since ?? '1h', end);
      const period = values.period === undefined ? undefined : periodOf(values.period);
      const rows = await endpointMetricsReport(metrics, { endpoint, variant: values.variant, start, end, period });
      if (values.json) json(io, rows);
      else if (rows.length === 0) {
        const which = values.variant ? ` variant "${values.variant}" of` : '';
        write(
          io.stdout,
          `No invocations recorded for${which} endpoint "${endpoint}" since ${start.toISOString().slice(0, 19)}Z.`,
        );
      } else {
        const header = [
          'VARIANT',
          'INVOCATIONS',
          '4XX',
          '5XX',
          'PER INSTANCE',
          'MODEL ms p50/p90/p99',
          'OVERHEAD ms p50/p90/p99',
        ];
        const cells = rows.map((r) => [
          r.variant,
          String(r.invocations),
          String(r.errors4xx),
          String(r.errors5xx),
          round(r.invocationsPerInstance),
          ms(r.modelLatencyUs),
          ms(r.overheadLatencyUs),
        ]);
        const timed = period !== undefined;
        write(
          io.stdout,
          table(
            timed ? ['TIME', ...header] : header,
            timed ? cells.map((c, i) => [rows[i].start.toISOString().slice(0, 19), ...c]) : cells,
          ),
        );
      }
      return EXIT.ok;
    }),
};

function periodOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new GodwitError('E_METRIC_QUERY', `--period "${text}" is not a whole number of seconds.`, {
      hint: 'Use 60, 300 or 3600.',
    });
  }
  return n;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function ms(l: LatencySummary | undefined): string {
  if (!l) return '-';
  const f = (us: number | undefined) => (us === undefined ? '-' : (us / 1000).toFixed(2));
  return `${f(l.p50)}/${f(l.p90)}/${f(l.p99)}`;
}
