import type { StepStatus } from '../../../meta/metadata-store.js';
import type { CallbackRecord } from '../../../pipelines/pipeline-records.js';
import type { EffectiveRunStatus, RunReport } from '../../../runs/index.js';
import { pipelineModelName } from '../../../runtime/model-names.js';
import { arn } from '../arns.js';
import { epochSeconds } from '../aws-input.js';
import { executionArn, modelArn, modelPackageArn } from './sagemaker-arns.js';

/**
 * Godwit's run and step records in SageMaker's words. An interrupted run (its process is gone)
 * has no SageMaker status of its own: it is `Failed`, with a reason that says how to resume it.
 */
const EXECUTION_STATUS: Record<EffectiveRunStatus, string> = {
  running: 'Executing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  stopped: 'Stopped',
  interrupted: 'Failed',
};

const STEP_STATUS: Record<StepStatus, string> = {
  pending: 'Starting',
  running: 'Executing',
  succeeded: 'Succeeded',
  cached: 'Succeeded',
  failed: 'Failed',
  stopped: 'Stopped',
  skipped: 'Stopped',
  'not-run': 'Stopped',
};

export const executionStatus = (status: EffectiveRunStatus) => EXECUTION_STATUS[status];

/** `viaDoor`: the execution was started through the door (its way out is RetryPipelineExecution). */
export function failureReason(
  run: { id: string; status: EffectiveRunStatus; error?: string },
  viaDoor = false,
): string | undefined {
  if (run.status === 'interrupted')
    return viaDoor
      ? 'Interrupted: the server running it stopped. Resume it with RetryPipelineExecution.'
      : `Interrupted: the process running it is gone. Resume it with: godwit run --resume ${run.id}`;
  return run.status === 'failed' || run.status === 'stopped' ? run.error : undefined;
}

type StepReport = RunReport['steps'][number];

/** One `PipelineExecutionStep`; `Metadata` carries what has a local meaning (jobs, model, condition, register, fail). */
export function stepSummary(s: StepReport, run: RunReport, region: string, callback?: CallbackRecord) {
  return {
    StepName: s.name,
    StepStatus: STEP_STATUS[s.status],
    StartTime: epochSeconds(s.startedAt),
    EndTime: epochSeconds(s.endedAt),
    AttemptCount: s.attempts,
    FailureReason: s.status === 'failed' || s.status === 'stopped' ? s.reason : undefined,
    CacheHitResult: s.cachedFrom ? { SourcePipelineExecutionArn: executionArn(region, run.pipeline, s.cachedFrom) } : undefined,
    Metadata: callback ? callbackMetadata(callback) : stepMetadata(s, run, region),
  };
}

/** A callback step's token (what SendPipelineExecutionStep* takes) and, once it succeeded, its values. */
function callbackMetadata(c: CallbackRecord) {
  return {
    Callback: {
      CallbackToken: c.token,
      ...(c.status === 'succeeded'
        ? { OutputParameters: c.outputParameters.map((p) => ({ Name: p.name, Value: p.value })) }
        : {}),
    },
  };
}

/** The job a pipeline's job step is, as SageMaker lists it: `TrainingJob: { Arn }` and the like. */
const JOB_METADATA: Partial<Record<StepReport['type'], [string, string]>> = {
  training: ['TrainingJob', 'training-job'],
  processing: ['ProcessingJob', 'processing-job'],
  transform: ['TransformJob', 'transform-job'],
};

/**
 * SageMaker names the jobs a pipeline starts `pipelines-<execution id>-<step name>-<suffix>`; the
 * step's job here is the step itself, named the same way without the random suffix.
 */
export const pipelineJobName = (runId: string, step: string) => `pipelines-${runId}-${step}`.toLowerCase();

function stepMetadata(s: StepReport, run: RunReport, region: string): Record<string, unknown> | undefined {
  const job = JOB_METADATA[s.type];
  if (job && s.startedAt) return { [job[0]]: { Arn: arn('sagemaker', region, `${job[1]}/${pipelineJobName(run.id, s.name)}`) } };
  if (s.type === 'condition' && s.outcome) return { Condition: { Outcome: s.outcome === 'then' ? 'True' : 'False' } };
  if (s.type === 'fail' && s.reason) return { Fail: { ErrorMessage: s.reason } };
  // A model step is never reused from another run (it is not cached; a selective execution runs it again).
  if (s.type === 'model' && s.status === 'succeeded')
    return { Model: { Arn: modelArn(region, pipelineModelName(run.id, s.name)) } };
  if (s.type === 'register-model') {
    const v = run.modelVersions.find((m) => m.step === s.name);
    return v ? { RegisterModel: { Arn: modelPackageArn(region, v.group, v.version) } } : undefined;
  }
  return undefined;
}
