/**
 * Vertex AI's custom-job contract. A training job with a base output directory gets
 * `AIP_MODEL_DIR = <base>/model/`, `AIP_CHECKPOINT_DIR = <base>/checkpoints/` and
 * `AIP_TENSORBOARD_LOG_DIR = <base>/logs/`; a job fed from a dataset gets `AIP_DATA_FORMAT` and
 * `AIP_TRAINING_DATA_URI` / `AIP_VALIDATION_DATA_URI` / `AIP_TEST_DATA_URI` as wildcard URIs
 * (`gs://bucket/path/training-*`); every job gets `CLOUD_ML_PROJECT_ID`, `CLOUD_ML_JOB_ID` and
 * `CLUSTER_SPEC`. Cloud Storage is mounted at `/gcs/<bucket>/...`.
 *
 * Under bubblewrap the URIs are `gs://godwit-local/<pipeline>/<run>/<step>/...` and that prefix is
 * mounted at `/gcs/godwit-local/...` onto the step's workspace, so a script that opens
 * `AIP_MODEL_DIR.replace('gs://', '/gcs/')` works unchanged, as on Vertex. Without bubblewrap
 * there is no `/gcs`, so the variables hold the workspace's local paths instead.
 */
import type { ContainerContract, ContractJob, ContractSetup } from './container-contract.js';

export const LOCAL_BUCKET = 'godwit-local';

/** Channel names that map onto Vertex's three dataset splits. */
const SPLITS: Readonly<Record<string, string>> = {
  train: 'AIP_TRAINING_DATA_URI',
  training: 'AIP_TRAINING_DATA_URI',
  validation: 'AIP_VALIDATION_DATA_URI',
  test: 'AIP_TEST_DATA_URI',
};

export const vertexContract: ContainerContract = (job: ContractJob): ContractSetup => {
  const prefix = `${LOCAL_BUCKET}/${job.pipeline}/${job.runId}/${job.step}`;
  // A container path as a gs:// URI under bubblewrap, or as the local path without it.
  const uri = (containerPath: string) =>
    job.sandboxed && (containerPath === '/opt/ml' || containerPath.startsWith('/opt/ml/'))
      ? `gs://${prefix}${containerPath.slice('/opt/ml'.length)}`
      : job.at(containerPath);
  const env: Record<string, string> = {
    CLOUD_ML_PROJECT_ID: job.hostEnv.GOOGLE_CLOUD_PROJECT ?? job.hostEnv.CLOUDSDK_CORE_PROJECT ?? 'godwit-local',
    CLOUD_ML_JOB_ID: job.jobName,
    CLUSTER_SPEC: JSON.stringify({
      cluster: { workerpool0: ['localhost:2222'] },
      environment: 'cloud',
      task: { type: 'workerpool0', index: 0 },
    }),
  };
  const args: string[] = [];
  if (job.kind === 'training') {
    env.AIP_MODEL_DIR = `${uri('/opt/ml/model')}/`;
    env.AIP_CHECKPOINT_DIR = `${uri(job.checkpointDir ?? '/opt/ml/checkpoints')}/`;
    env.AIP_TENSORBOARD_LOG_DIR = `${uri('/opt/ml/logs')}/`;
    const formats = new Set<string>();
    for (const input of job.inputs) {
      const name = SPLITS[input.name];
      if (!name) continue;
      env[name] = `${uri(input.containerPath)}/*`;
      for (const f of input.files)
        formats.add(f.toLowerCase().endsWith('.csv') ? 'csv' : f.toLowerCase().endsWith('.jsonl') ? 'jsonl' : 'other');
    }
    if (formats.size === 1 && !formats.has('other')) env.AIP_DATA_FORMAT = [...formats][0];
    // Vertex passes hyperparameters (tuning trials) as --name=value arguments.
    for (const [name, value] of Object.entries(job.hyperparameters)) args.push(`--${name}=${String(value)}`);
  }
  return {
    env,
    files: [],
    args,
    cwd: '/opt/ml',
    aliases: job.sandboxed ? [{ path: `/gcs/${prefix}`, target: '/opt/ml' }] : [],
  };
};
