import type { ArtifactRecord, AttemptRecord, MetricRecord, StepRecord } from '../meta/metadata-store.js';
import { type EffectiveRunStatus, effectiveStatus, requireRun } from '../meta/run-status.js';
import type { ModelVersion } from '../registry/model-registry.js';
import { keyOf } from '../runtime/resolve.js';
import type { Services } from '../runtime/step-context.js';
import { joinKey } from '../store/keys.js';
import { elapsedMs } from './run-summaries.js';

/** What reading recorded runs needs: the home, the metadata database and the artifact store. */
export type RunServices = Pick<Services, 'home' | 'store' | 'metadata'>;

/** Everything known about one run: `godwit runs show --json`, `GET /api/v1/runs/{id}`, `DescribePipelineExecution`. */
export interface RunReport {
  readonly id: string;
  readonly pipeline: string;
  readonly status: EffectiveRunStatus;
  readonly error?: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly runDir: string;
  readonly pipelineFile?: string;
  readonly resumes: number;
  /** Who started it: a principal's IAM ARN (`godwit run --as`, the server's authenticated caller), else the local user's name. */
  readonly startedBy?: string;
  readonly steps: readonly (StepRecord & { durationMs?: number; attemptsDetail: AttemptRecord[] })[];
  readonly artifacts: readonly ArtifactRecord[];
  readonly metrics: readonly MetricRecord[];
  /** Property files by step and name, parsed. */
  readonly properties: readonly { step: string; name: string; uri: string; value: unknown }[];
  readonly modelVersions: readonly ModelVersion[];
}

/** The run's record with its steps, attempts, artifacts, metrics, parsed property files and the model versions it registered. */
export async function loadRunReport(services: RunServices, runId: string): Promise<RunReport> {
  const meta = services.metadata.store;
  const run = await requireRun(meta, services.home.root, runId);
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
    durationMs: elapsedMs(run.startedAt, run.endedAt),
    parameters: run.parameters,
    runDir: run.runDir,
    pipelineFile: run.pipelineFile,
    resumes: run.resumes,
    startedBy: run.startedBy,
    steps: steps.map((s) => ({
      ...s,
      durationMs: elapsedMs(s.startedAt, s.endedAt),
      attemptsDetail: attempts.filter((a) => a.step === s.name),
    })),
    artifacts,
    metrics,
    properties,
    modelVersions,
  };
}
