/** What each step kind becomes on each cloud, as the compilers build it: the report's "was" and "became". */
import type { StepIR, StepKind } from '../pipeline/ir.js';
import type { Cloud } from './migration.js';

const COMPONENTS: Readonly<Record<StepKind, Readonly<Record<Cloud, (step: StepIR) => string>>>> = {
  processing: {
    aws: () => 'SageMaker Processing job (ProcessingStep)',
    gcp: () => 'KFP container task on Vertex AI Pipelines',
  },
  training: {
    aws: (s) =>
      `SageMaker Training job (TrainingStep${s.type === 'training' && s.algorithm ? `, Godwit's ${s.algorithm.name} image` : ', script mode'})`,
    gcp: (s) => `KFP container task${s.type === 'training' && s.algorithm ? ` (Godwit's ${s.algorithm.name} image)` : ''}`,
  },
  transform: {
    aws: () => 'SageMaker CreateModel + Batch Transform job (TransformStep)',
    gcp: () => 'KFP container task running `godwit transform` in the Godwit image',
  },
  condition: {
    aws: () => 'ConditionStep',
    gcp: () => 'KFP condition (triggerPolicy.condition on the branch tasks)',
  },
  fail: {
    aws: () => 'FailStep',
    gcp: () => 'KFP task that prints the message and exits 1',
  },
  'register-model': {
    aws: () => 'RegisterModel (a SageMaker Model Registry model package)',
    gcp: () => 'KFP task running `godwit models register` (the Godwit registry keeps the approval status)',
  },
  model: {
    aws: () => 'SageMaker Model (CreateModel; Step Functions: sagemaker:createModel)',
    gcp: () => 'no KFP equivalent (the KFP compiler leaves a model step out with a warning)',
  },
  sql: {
    aws: () =>
      'SageMaker Processing job running `godwit sql` on Redshift (Data API); Step Functions: redshiftdata executeStatement',
    gcp: () => "Google Cloud Pipeline Components' BigqueryQueryJobOp",
  },
  callback: {
    aws: () => 'CallbackStep (SQS token; Step Functions: sqs:sendMessage.waitForTaskToken)',
    gcp: () => 'no KFP equivalent (the KFP compiler refuses a callback step)',
  },
  'quality-check': {
    aws: () => "QualityCheckStep (Model Monitor's analyzer; Step Functions refuses it)",
    gcp: () => 'no KFP equivalent (the KFP compiler refuses a quality-check step)',
  },
  function: {
    aws: () => 'in-process function (local runs only; no SageMaker step)',
    gcp: () => 'in-process function (local runs only; no KFP task)',
  },
};

export function componentOf(step: StepIR, cloud: Cloud): string {
  return COMPONENTS[step.type][cloud](step);
}
