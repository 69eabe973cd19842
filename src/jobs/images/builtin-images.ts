/**
 * The built-in entries of the image map, tried in order after the configuration's `images:`.
 * docs/images.md lists them; a test checks each example there against this table.
 *
 * SageMaker's images live in ECR under any account and region (`<account>.dkr.ecr.<region>.amazonaws.com`,
 * `.amazonaws.com.cn` in China) with any tag or digest, so entries match the repository name.
 */
import { AwsError } from '../../server/aws/aws-error.js';
import type { ImageRequest } from '../image-map.js';
import { frameworkProcessor, isFrameworkProcessor } from './framework-processor.js';
import { godwitImage } from './godwit-image.js';
import { type BuiltinImage, entrypointImage, type ImageMatch } from './image-match.js';
import { scriptImage } from './script-mode.js';
import { xgboostAlgorithm } from './xgboost-algorithm.js';

const ECR = String.raw`^[^/\s]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/`;
const TAG = String.raw`(?:[:@][^/\s]+)?$`;
const PYTHON = ['python3'];

/**
 * A framework image: the job's script for training; for processing its `ContainerEntrypoint`, or
 * for the SDK's FrameworkProcessor the entry point its runproc.sh names.
 */
function framework(name: string, request: ImageRequest): ImageMatch {
  if (request.use === 'training') return scriptImage(name, request, PYTHON);
  if (request.use === 'processing') {
    if (isFrameworkProcessor(request.entrypoint)) return frameworkProcessor(name, request);
    if (request.entrypoint && request.entrypoint.length > 0) return entrypointImage(name, request, request.entrypoint);
    throw new AwsError(
      'ValidationException',
      `The image "${request.image}" (${name}) has no program of its own here: a processing job with it needs AppSpecification.ContainerEntrypoint, e.g. ["python3", "/opt/ml/processing/input/code/preprocess.py"], as the SageMaker SDK's SKLearnProcessor writes.`,
    );
  }
  throw new AwsError(
    'ValidationException',
    `The image "${request.image}" (${name}) serves a model through Godwit's model runtimes (docs/serving.md), not as a program: a ${request.use} job cannot run it as one.`,
  );
}

export const BUILTIN_IMAGES: readonly BuiltinImage[] = [
  {
    name: 'sagemaker-scikit-learn',
    pattern: new RegExp(`${ECR}sagemaker-scikit-learn${TAG}`),
    match: (r) => framework('sagemaker-scikit-learn', r),
  },
  {
    // The same image is the XGBoost framework (a script) and the built-in algorithm (no script).
    name: 'sagemaker-xgboost',
    pattern: new RegExp(`${ECR}sagemaker-xgboost${TAG}`),
    match: (r) =>
      r.use === 'training' && r.hyperparameters?.sagemaker_program === undefined
        ? xgboostAlgorithm('sagemaker-xgboost (algorithm)', r)
        : framework('sagemaker-xgboost', r),
  },
  {
    name: 'xgboost (algorithm)',
    pattern: new RegExp(`${ECR}xgboost${TAG}`),
    match: (r) => (r.use === 'training' ? xgboostAlgorithm('xgboost (algorithm)', r) : framework('xgboost (algorithm)', r)),
  },
  {
    name: 'pytorch-training',
    pattern: new RegExp(`${ECR}pytorch-training${TAG}`),
    match: (r) => framework('pytorch-training', r),
  },
  {
    name: 'pytorch-inference',
    pattern: new RegExp(`${ECR}pytorch-inference${TAG}`),
    match: (r) => framework('pytorch-inference', r),
  },
  {
    name: 'godwit',
    pattern: /^(?:[^\s]+\/)?godwit(?:\/builtin)?(?::[^/\s]+)?$/,
    match: (r) => godwitImage('godwit', r),
  },
];
