/**
 * SageMaker's processing contract: the service copies each input to its `LocalPath` (the step's
 * `destination`), uploads each output from its `LocalPath` (the step's `source`) at the end,
 * passes `ContainerArguments` through unchanged and describes the job in two files,
 * `/opt/ml/config/processingjobconfig.json` (the CreateProcessingJob request as the service holds
 * it) and `/opt/ml/config/resourceconfig.json`. The environment is only what the job's
 * `Environment` map says: there are no `SM_*` variables in processing jobs.
 */
import { type ContainerContract, type ContractJob, type ContractSetup, CURRENT_HOST } from './container-contract.js';
import { jobArn } from './sagemaker-training-contract.js';

/** SageMaker's default for a processing job's stopping condition (one day). */
const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

export const sagemakerProcessingContract: ContainerContract = (job: ContractJob): ContractSetup => {
  const inputs = job.inputs.map((i) => ({
    InputName: i.name,
    AppManaged: false,
    S3Input: {
      S3Uri: i.source,
      LocalPath: i.containerPath,
      S3DataType: 'S3Prefix',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
      S3CompressionType: 'None',
    },
  }));
  const config = {
    ProcessingJobArn: jobArn(job, 'processing-job'),
    ProcessingJobName: job.jobName,
    AppSpecification: {
      ImageUri: job.image ?? null,
      ContainerEntrypoint: job.entrypoint,
      ContainerArguments: job.args.length > 0 ? job.args : null,
    },
    Environment: job.env,
    NetworkConfig: { EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: false },
    ProcessingInputs: inputs,
    ProcessingOutputConfig: {
      Outputs: job.outputs.map((o) => ({
        OutputName: o.name,
        AppManaged: false,
        S3Output: { S3Uri: o.uri, LocalPath: o.containerPath, S3UploadMode: 'EndOfJob' },
      })),
    },
    ProcessingResources: {
      ClusterConfig: { InstanceCount: job.instanceCount, InstanceType: job.instanceType, VolumeSizeInGB: job.volumeSizeGB },
    },
    RoleArn: 'arn:aws:iam::000000000000:role/godwit-local',
    StoppingCondition: { MaxRuntimeInSeconds: job.maxRuntimeSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS },
  };
  return {
    env: {},
    files: [
      { path: '/opt/ml/config/processingjobconfig.json', content: `${JSON.stringify(config, null, 2)}\n` },
      {
        path: '/opt/ml/config/resourceconfig.json',
        content: `${JSON.stringify({ current_host: CURRENT_HOST, hosts: [CURRENT_HOST] })}\n`,
      },
    ],
    args: [],
    cwd: '/opt/ml',
  };
};
