import type { ExperimentRecord } from '../../experiments/experiment-records.js';
import { experimentReport } from '../../experiments/experiment-report.js';
import { describeExperiment } from '../../experiments/experiments.js';
import type { ShadowVariantReport } from '../../serving/shadow/shadow-report.js';
import { type CliIo, EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { ShadowValues } from './endpoint-shadow.js';
import { endpointShadowReport } from './endpoint-shadow-report.js';

/** A shadow test in a few lines: status, endpoint, variants, sampling, schedule. */
export function describeText(e: ExperimentRecord): string {
  const v = (name: string) => {
    const m = e.modelVariants.find((x) => x.variantName === name);
    return m ? `${name} (model ${m.modelName}, ${m.instanceCount} × ${m.instanceType})` : name;
  };
  const lines = [
    `Name:        ${e.name}`,
    `Status:      ${e.status}${e.statusReason ? ` — ${e.statusReason}` : ''}`,
    `Endpoint:    ${e.endpointName}`,
    `Production:  ${v(e.productionVariant)}`,
    `Shadow:      ${v(e.shadowVariant)}, ${e.samplingPercentage} % of requests mirrored`,
    `Schedule:    ${e.startTime.toISOString()} → ${e.endTime.toISOString()}`,
  ];
  if (e.runningSince) lines.push(`Mirrored:    ${e.runningSince.toISOString()} → ${e.stoppedAt?.toISOString() ?? 'now'}`);
  if (e.completionTime) lines.push(`Completed:   ${e.completionTime.toISOString()}`);
  if (e.description) lines.push(`Description: ${e.description}`);
  return lines.join('\n');
}

export async function describe(name: string, values: ShadowValues, io: CliIo): Promise<number> {
  const e = await withMetadata(io, (metadata) => describeExperiment(metadata, name));
  if (values.json) json(io, e);
  else write(io.stdout, describeText(e));
  return EXIT.ok;
}

export async function list(values: ShadowValues, io: CliIo): Promise<number> {
  const all = await withMetadata(io, (metadata) => metadata.experiments.list());
  const shown = values.endpoint === undefined ? all : all.filter((e) => e.endpointName === values.endpoint);
  if (values.json) json(io, shown);
  else {
    const rows = shown.map((e) => [
      e.name,
      e.endpointName,
      e.status,
      `${e.productionVariant} ← ${e.shadowVariant}`,
      `${e.samplingPercentage} %`,
      e.startTime.toISOString(),
      e.endTime.toISOString(),
    ]);
    write(
      io.stdout,
      rows.length === 0
        ? 'No shadow tests.'
        : table(['NAME', 'ENDPOINT', 'STATUS', 'PRODUCTION ← SHADOW', 'SAMPLING', 'START', 'END'], rows),
    );
  }
  return EXIT.ok;
}

/** One test's report over its window, or (`--endpoint`) the endpoint-wide report of `shadow-report`. */
export async function report(name: string | undefined, values: ShadowValues, io: CliIo): Promise<number> {
  if (name === undefined) {
    if (values.problem !== undefined) throw new UsageError("--problem applies to one shadow test's report: give its NAME.");
    const { endpoint, tolerance, since, json: asJson } = values;
    return endpointShadowReport.run({
      values: { tolerance, since, json: asJson },
      positionals: [endpoint as string],
      extra: {},
      io,
    });
  }
  if (values.since !== undefined)
    throw new UsageError("--since applies to --endpoint reports; a shadow test's report covers its own window.");
  const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
  if (tolerance !== undefined && !(tolerance >= 0))
    throw new UsageError(`--tolerance must be a number of at least 0, not "${values.tolerance}".`);
  const problem = values.problem as 'auto' | 'classification' | 'regression' | undefined;
  const r = await withMetadata(io, async (metadata) =>
    experimentReport(homeOf(io), await describeExperiment(metadata, name), { tolerance, problem }),
  );
  if (values.json) {
    json(io, r);
    return EXIT.ok;
  }
  const e = r.experiment;
  write(
    io.stdout,
    `Shadow test "${e.name}" on ${e.endpointName} (${e.status}), ${e.samplingPercentage} % mirrored, ${r.window.from.toISOString()} → ${r.window.to?.toISOString() ?? 'now'}`,
  );
  write(io.stdout, sidesTable(r.comparison, e.productionVariant));
  write(io.stdout, verdict(r.comparison, r.tolerance));
  return EXIT.ok;
}

function sidesTable(c: ShadowVariantReport, production: string): string {
  const num = (x: number | undefined) => (x === undefined ? '-' : String(Number(x.toPrecision(3))));
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(1)} %`);
  const row = (variant: string, role: 'production' | 'shadow') => {
    const l = c.latency[role];
    return [
      variant,
      role,
      String(c.requests),
      String(c.errors[role].count),
      pct(c.errorRate[role]),
      num(l.p50),
      num(l.p90),
      num(l.p99),
    ];
  };
  return table(
    ['VARIANT', 'ROLE', 'REQUESTS', 'ERRORS', 'ERROR RATE', 'P50 ms', 'P90 ms', 'P99 ms'],
    [row(production, 'production'), row(c.shadowVariant, 'shadow')],
  );
}

function verdict(c: ShadowVariantReport, tolerance: number): string {
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(1)} %`);
  const num = (x: number | undefined) => (x === undefined ? '-' : String(Number(x.toPrecision(4))));
  if (c.compared === 0) return 'Nothing compared yet: no request was mirrored and answered by both sides in the window.';
  if (c.problem === 'classification') {
    const flips = Object.entries(c.flips)
      .slice(0, 5)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
    return `Classification: the shadow predicts the same label for ${pct(c.agreement)} of ${c.labelCompared} requests.${flips ? ` Changes: ${flips}.` : ''}`;
  }
  const d = c.difference;
  return d
    ? `Regression drift over ${c.numericCompared} answers: mean |Δ| ${num(d.meanAbs)}, max |Δ| ${num(d.maxAbs)}, mean relative ${pct(d.meanRel)}, max relative ${pct(d.maxRel)}; within ${tolerance}: ${pct(c.toleranceAgreement)}; identical: ${pct(c.exactAgreement)}.`
    : `Identical answers: ${pct(c.exactAgreement)} of ${c.compared} (the answers are not numbers).`;
}
