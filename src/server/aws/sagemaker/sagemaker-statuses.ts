import type { StepStatus } from '../../../meta/metadata-store.js';
import type { EffectiveRunStatus, RunReport } from '../../../runs/index.js';
import { epochSeconds } from '../aws-input.js';
import { executionArn, modelPackageArn } from './sagemaker-arns.js';

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

export function failureReason(run: { id: string; status: EffectiveRunStatus; error?: string }): string | undefined {
  if (run.status === 'interrupted')
    return `Interrupted: the process running it is gone. Resume it with: godwit run --resume ${run.id}`;
  return run.status === 'failed' || run.status === 'stopped' ? run.error : undefined;
}

type StepReport = RunReport['steps'][number];

/** One `PipelineExecutionStep`; `Metadata` carries what has a local meaning (condition, register, fail). */
export function stepSummary(s: StepReport, run: RunReport, region: string) {
  return {
    StepName: s.name,
    StepStatus: STEP_STATUS[s.status],
    StartTime: epochSeconds(s.startedAt),
    EndTime: epochSeconds(s.endedAt),
    AttemptCount: s.attempts,
    FailureReason: s.status === 'failed' || s.status === 'stopped' ? s.reason : undefined,
    CacheHitResult: s.cachedFrom ? { SourcePipelineExecutionArn: executionArn(region, run.pipeline, s.cachedFrom) } : undefined,
    Metadata: stepMetadata(s, run, region),
  };
}

function stepMetadata(s: StepReport, run: RunReport, region: string): Record<string, unknown> | undefined {
  if (s.type === 'condition' && s.outcome) return { Condition: { Outcome: s.outcome === 'then' ? 'True' : 'False' } };
  if (s.type === 'fail' && s.reason) return { Fail: { ErrorMessage: s.reason } };
  if (s.type === 'register-model') {
    const v = run.modelVersions.find((m) => m.step === s.name);
    return v ? { RegisterModel: { Arn: modelPackageArn(region, v.group, v.version) } } : undefined;
  }
  return undefined;
}
