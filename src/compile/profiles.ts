import { BUILTIN_ALGORITHM_NAMES } from '../pipeline/builtin-algorithms.js';
import type { TargetProfile } from './target.js';

/**
 * The image Godwit's own built-ins run in on a cloud (`godwit algorithm linear-learner`,
 * `godwit transform`, `godwit serve`). Built from docker/Dockerfile and pushed by the user; the
 * profile names where.
 */
const GODWIT_IMAGE_AWS = '123456789012.dkr.ecr.us-east-1.amazonaws.com/godwit:0.1.0';
const GODWIT_IMAGE_GCP = 'us-docker.pkg.dev/my-project/godwit/godwit:0.1.0';

/** Godwit's image implements every built-in algorithm: one image key per algorithm name. */
function builtinImages(image: string): Record<string, string> {
  return Object.fromEntries(BUILTIN_ALGORITHM_NAMES.map((name) => [name, image]));
}

/**
 * Built-in profiles, used when `--profile` names no profile file entry. Account, project and
 * bucket are the documented example values: a real deployment sets its own in godwit.profiles.yaml.
 */
export const BUILTIN_PROFILES: Readonly<Record<string, TargetProfile>> = {
  aws: {
    name: 'aws',
    artifactRoot: 's3://sagemaker-us-east-1-123456789012/godwit',
    region: 'us-east-1',
    role: 'arn:aws:iam::123456789012:role/SageMakerExecutionRole',
    images: {
      godwit: GODWIT_IMAGE_AWS,
      node: GODWIT_IMAGE_AWS,
      python3: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      // Model Monitor's analyzer, which a quality-check step runs (the SDK's image_uris.retrieve('model-monitor', 'us-east-1')).
      'model-monitor': '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer',
      ...builtinImages(GODWIT_IMAGE_AWS),
    },
    machineTypes: { 'ml.m5.large': 'n1-standard-2', 'ml.m5.xlarge': 'n1-standard-4', 'ml.m5.2xlarge': 'n1-standard-8' },
    redshift: {
      database: 'dev',
      workgroupName: 'godwit',
      secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:godwit-redshift',
    },
  },
  gcp: {
    name: 'gcp',
    artifactRoot: 'gs://my-project-godwit/godwit',
    region: 'us-central1',
    project: 'my-project',
    serviceAccount: 'pipelines@my-project.iam.gserviceaccount.com',
    images: {
      godwit: GODWIT_IMAGE_GCP,
      node: GODWIT_IMAGE_GCP,
      python3: 'us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest',
      ...builtinImages(GODWIT_IMAGE_GCP),
    },
    machineTypes: { 'ml.m5.large': 'n1-standard-2', 'ml.m5.xlarge': 'n1-standard-4', 'ml.m5.2xlarge': 'n1-standard-8' },
    bigquery: { location: 'US' },
  },
};
