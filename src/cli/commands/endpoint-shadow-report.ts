import { type ShadowVariantReport, shadowReport } from '../../serving/shadow/shadow-report.js';
import { EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointsShadowReportOptions } from '../spec/endpoint-shadow-specs.js';

/** `godwit endpoints shadow-report NAME [--since WHEN] [--tolerance X] [--json]`. */
export const endpointShadowReport: Handler<typeof endpointsShadowReportOptions> = {
  run: async ({ values, positionals: [name], io }) => {
    const since = values.since === undefined ? undefined : parseSince(values.since, new Date());
    const tolerance = values.tolerance === undefined ? undefined : parseTolerance(values.tolerance);
    const report = await shadowReport(homeOf(io), name, { since, tolerance });
    if (values.json) json(io, report);
    else {
      const rows = report.variants.map(row);
      const head = ['SHADOW', 'REQUESTS', 'COMPARED', 'EXACT', `WITHIN ${report.tolerance}`, 'MEAN |Δ|', 'MAX |Δ|', 'MAX REL'];
      write(io.stdout, table([...head, 'P50/P90/P99 ms (prod → shadow)', 'ERRORS (prod/shadow)'], rows));
      if (report.unreadableLines > 0) write(io.stderr, `warning: skipped ${report.unreadableLines} unreadable line(s).`);
    }
    return EXIT.ok;
  },
};

function row(v: ShadowVariantReport): string[] {
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(1)} %`);
  const num = (x: number | undefined) => (x === undefined ? '-' : String(Number(x.toPrecision(3))));
  const lat = (l: ShadowVariantReport['latency']['production']) =>
    l.count === 0 ? '-' : `${num(l.p50)}/${num(l.p90)}/${num(l.p99)}`;
  return [
    v.shadowVariant,
    String(v.requests),
    String(v.compared),
    pct(v.exactAgreement),
    pct(v.toleranceAgreement),
    num(v.difference?.meanAbs),
    num(v.difference?.maxAbs),
    num(v.difference?.maxRel),
    `${lat(v.latency.production)} → ${lat(v.latency.shadow)}`,
    `${v.errors.production.count}/${v.errors.shadow.count}`,
  ];
}

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `6h`, `7d` before `now`, or an ISO 8601 time. */
export function parseSince(text: string, now: Date): Date {
  const age = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * UNITS[age[2]]);
  const at = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(at)) return new Date(at);
  throw new UsageError(`--since must be an ISO time (2026-12-05T09:00Z) or an age (30m, 6h, 7d), not "${text}".`);
}

function parseTolerance(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < 0)
    throw new UsageError(`--tolerance must be a number of at least 0, not "${text}".`);
  return x;
}
