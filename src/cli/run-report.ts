import { GodwitError } from '../core/errors.js';
import type { ArtifactRecord, AttemptRecord, MetricRecord, StepRecord } from '../meta/metadata-store.js';
import type { ModelVersion } from '../registry/model-registry.js';
import { effectiveStatus } from '../runtime/executor.js';
import { keyOf } from '../runtime/resolve.js';
import type { Services } from '../runtime/step-context.js';
import { joinKey } from '../store/keys.js';
import { bytes, duration, paint, STATUS_COLOR, since, table } from './format.js';

/** Everything `godwit runs show` knows about a run; `--json` prints this object. */
export interface RunReport {
  readonly id: string;
  readonly pipeline: string;
  readonly status: string;
  readonly error?: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly runDir: string;
  readonly pipelineFile?: string;
  readonly resumes: number;
  readonly steps: readonly (StepRecord & { durationMs?: number; attemptsDetail: AttemptRecord[] })[];
  readonly artifacts: readonly ArtifactRecord[];
  readonly metrics: readonly MetricRecord[];
  /** Property files by step and name, parsed. */
  readonly properties: readonly { step: string; name: string; uri: string; value: unknown }[];
  readonly modelVersions: readonly ModelVersion[];
}

export async function loadRunReport(services: Services, runId: string): Promise<RunReport> {
  const meta = services.metadata.store;
  const run = await meta.getRun(runId);
  if (!run) {
    throw new GodwitError('E_RUN_NOT_FOUND', `No run "${runId}" in ${services.home.root}.`, {
      hint: 'List runs with: godwit runs list (or set GODWIT_HOME to the home the run was made in).',
    });
  }
  const [steps, attempts, artifacts, metrics] = await Promise.all([
    meta.listSteps(runId),
    meta.listAttempts(runId),
    meta.listArtifacts(runId),
    meta.listMetrics(runId),
  ]);
  const order = new Map(run.ir.steps.map((s, i) => [s.name, i]));
  steps.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));

  const properties: RunReport['properties'][number][] = [];
  for (const step of run.ir.steps) {
    for (const pf of 'propertyFiles' in step ? (step.propertyFiles ?? []) : []) {
      const artifact = artifacts.find((a) => a.step === step.name && a.name === pf.output);
      if (!artifact) continue;
      try {
        const text = await services.store.get(joinKey(keyOf(services.store, artifact.uri), pf.path));
        properties.push({
          step: step.name,
          name: pf.name,
          uri: artifact.uri + pf.path,
          value: JSON.parse(text.toString('utf8')),
        });
      } catch {
        // A missing or broken property file is reported by the step that reads it, not here.
      }
    }
  }

  const modelVersions: ModelVersion[] = [];
  for (const step of run.ir.steps) {
    if (step.type !== 'register-model') continue;
    const versions = await services.metadata.registry.listVersions(step.modelPackageGroup);
    modelVersions.push(...versions.filter((v) => v.runId === runId && v.step === step.name));
  }

  return {
    id: run.id,
    pipeline: run.pipeline,
    status: effectiveStatus(run),
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt?.toISOString(),
    durationMs: since(run.startedAt, run.endedAt),
    parameters: run.parameters,
    runDir: run.runDir,
    pipelineFile: run.pipelineFile,
    resumes: run.resumes,
    steps: steps.map((s) => ({
      ...s,
      durationMs: since(s.startedAt, s.endedAt),
      attemptsDetail: attempts.filter((a) => a.step === s.name),
    })),
    artifacts,
    metrics,
    properties,
    modelVersions,
  };
}

/** The human view: a summary (after a run) or the full detail (`runs show`). */
export function renderRunReport(r: RunReport, options: { detail: boolean; color: boolean }): string {
  const c = paint(options.color);
  const out: string[] = [];
  out.push(
    `Run ${c('bold', r.id)}  pipeline ${r.pipeline}  ${c(STATUS_COLOR[r.status] ?? 'gray', r.status)}  ${duration(r.durationMs)}`,
  );
  if (r.error) out.push(`  ${c('red', r.error)}`);
  if (options.detail) {
    out.push(`  started ${r.startedAt}${r.resumes ? `, resumed ${r.resumes}×` : ''}`);
    out.push(
      `  parameters: ${Object.entries(r.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  out.push('', 'Steps:');
  const rows = r.steps.map((s) => {
    const note = s.cachedFrom
      ? `cache hit: reused run ${s.cachedFrom}`
      : s.status === 'failed' || s.status === 'skipped' || s.status === 'not-run'
        ? (s.reason ?? '')
        : s.outcome
          ? `took the ${s.outcome} branch`
          : '';
    return [
      `  ${s.name}`,
      s.type,
      c(STATUS_COLOR[s.status] ?? 'gray', s.status),
      duration(s.durationMs),
      String(s.attempts),
      firstLine(note),
    ];
  });
  out.push(table(['  STEP', 'TYPE', 'STATUS', 'DURATION', 'ATTEMPTS', 'NOTE'], rows));

  if (r.metrics.length > 0 || r.properties.length > 0) {
    out.push('', 'Metrics:');
    for (const m of r.metrics) out.push(`  ${m.step}  ${m.name} = ${formatNumber(m.value)}`);
    for (const p of r.properties)
      for (const [path, v] of flatten(p.value)) out.push(`  ${p.step}  ${p.name}: ${path} = ${formatNumber(v)}`);
  }
  if (r.modelVersions.length > 0) {
    out.push('', 'Registered models:');
    for (const v of r.modelVersions) out.push(`  ${v.group} version ${v.version}  ${v.approvalStatus}  ${v.modelUri}`);
  }
  if (options.detail) {
    out.push('', 'Artifacts:');
    out.push(
      table(
        ['  STEP', 'OUTPUT', 'TYPE', 'FILES', 'SIZE', 'SHA256', 'URI'],
        r.artifacts.map((a) => [
          `  ${a.step}`,
          a.name,
          a.type,
          String(a.files.length),
          bytes(a.size),
          a.sha256.slice(0, 12),
          a.uri,
        ]),
      ),
    );
    out.push('', 'Logs:');
    for (const s of r.steps)
      for (const a of s.attemptsDetail)
        if (a.logPath) out.push(`  ${s.name} attempt ${a.attempt}: ${a.logPath}${a.error ? `  (${firstLine(a.error)})` : ''}`);
  } else {
    out.push(
      '',
      `Artifacts: ${r.runDir} (run folder) and ${r.artifacts[0]?.uri.replace(/runs\/.*$/, `runs/${r.id}/`) ?? 'none'}`,
    );
  }
  return out.join('\n');
}

function flatten(v: unknown, prefix = ''): [string, unknown][] {
  if (v === null || typeof v !== 'object') return [[prefix, v]];
  return Object.entries(v).flatMap(([k, inner]) => flatten(inner, prefix ? `${prefix}.${k}` : k));
}

function formatNumber(v: unknown): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
