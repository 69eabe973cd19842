/**
 * SageMaker's training contract as the service and the sagemaker-training-toolkit (the entry point
 * of SageMaker's framework images) set it up for a script-mode job:
 *
 * - files: `/opt/ml/input/config/hyperparameters.json` (a map of strings, see hyperparameters.ts),
 *   `resourceconfig.json`, `inputdataconfig.json`; channels in `/opt/ml/input/data/<channel>/`;
 * - environment: the toolkit's `SM_*` variables (sagemaker-toolkit-env.ts), plus what the service
 *   and toolkit set beside them (`TRAINING_JOB_NAME`, `SAGEMAKER_PROGRAM`, `CURRENT_HOST`,
 *   `SAGEMAKER_JOB_NAME`, `SAGEMAKER_REGION`, `PYTHONPATH`);
 * - the hyperparameters again as `--name value` arguments, and `/opt/ml/code` as the working directory.
 *
 * docs/contracts.md lists what is and is not provided.
 */
import type { ChannelConfig } from '../../pipeline/ir.js';
import { type ContainerContract, type ContractJob, type ContractSetup, CURRENT_HOST } from './container-contract.js';
import { decodeHyperparameters, encodeHyperparameters, hyperparameterArgs, isFrameworkParameter } from './hyperparameters.js';
import { INSTANCE_GROUP, toolkitEnv } from './sagemaker-toolkit-env.js';

const CODE_DIR = '/opt/ml/code';

/**
 * A channel's `inputdataconfig.json` entry as SageMaker writes it, from the step input's
 * `channel` (the training job request's `InputDataConfig` entry): File, FullyReplicated and no
 * record wrapper unless it says otherwise; `ContentType` and `CompressionType` only when given.
 */
function channelEntry(channel: ChannelConfig = {}): Record<string, string> {
  return {
    ...(channel.contentType === undefined ? {} : { ContentType: channel.contentType }),
    TrainingInputMode: channel.inputMode ?? 'File',
    S3DistributionType: channel.distribution ?? 'FullyReplicated',
    RecordWrapperType: channel.recordWrapper ?? 'None',
    ...(channel.compression === undefined ? {} : { CompressionType: channel.compression }),
  };
}

export const sagemakerTrainingContract: ContainerContract = (job: ContractJob): ContractSetup => {
  const codeDir = job.codeDir ?? CODE_DIR;
  const script = job.program ? { program: job.program, submitDirectory: job.at(codeDir), jobName: job.jobName } : undefined;
  const encoded = encodeHyperparameters(job.hyperparameters, script);
  const hyperparameters = decodeHyperparameters(encoded).filter(([name]) => !isFrameworkParameter(name));
  const userArgs = hyperparameterArgs(hyperparameters);
  const resourceConfig = {
    current_host: CURRENT_HOST,
    current_instance_type: job.instanceType,
    current_group_name: INSTANCE_GROUP,
    hosts: [CURRENT_HOST],
    instance_groups: [{ instance_group_name: INSTANCE_GROUP, instance_type: job.instanceType, hosts: [CURRENT_HOST] }],
    network_interface_name: 'eth0',
  };
  const inputDataConfig = Object.fromEntries(job.inputs.map((i) => [i.name, channelEntry(i.channel)]));

  const env = toolkitEnv({
    at: job.at,
    jobName: job.jobName,
    instanceType: job.instanceType,
    cpus: job.cpus,
    codeDir,
    program: job.program,
    channels: Object.fromEntries(job.inputs.map((i) => [i.name, job.at(i.containerPath)])),
    hyperparameters,
    userArgs,
    resourceConfig,
    inputDataConfig,
  });
  env.TRAINING_JOB_NAME = job.jobName;
  env.TRAINING_JOB_ARN = jobArn(job, 'training-job');
  env.CURRENT_HOST = CURRENT_HOST;
  env.SAGEMAKER_JOB_NAME = job.jobName;
  env.SAGEMAKER_REGION = region(job) ?? '';
  if (job.program) {
    env.SAGEMAKER_PROGRAM = job.program;
    env.PYTHONPATH = [job.at(codeDir), job.hostEnv.PYTHONPATH].filter(Boolean).join(':');
  }

  const json = (v: unknown) => `${JSON.stringify(v)}\n`;
  return {
    env,
    files: [
      { path: '/opt/ml/input/config/hyperparameters.json', content: json(encoded) },
      { path: '/opt/ml/input/config/resourceconfig.json', content: json(resourceConfig) },
      { path: '/opt/ml/input/config/inputdataconfig.json', content: json(inputDataConfig) },
    ],
    args: userArgs,
    cwd: job.program ? codeDir : '/opt/ml',
  };
};

/** The region a script sees: the host's AWS region when it has one (no AWS call is made). */
export function region(job: ContractJob): string | undefined {
  return job.hostEnv.AWS_REGION ?? job.hostEnv.AWS_DEFAULT_REGION;
}

/** A well-formed ARN for the local job; the account is a placeholder, as no AWS account is involved. */
export function jobArn(job: ContractJob, resource: 'training-job' | 'processing-job'): string {
  return `arn:aws:sagemaker:${region(job) ?? 'local'}:000000000000:${resource}/${job.jobName.toLowerCase()}`;
}
