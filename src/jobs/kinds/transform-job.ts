/**
 * The transform kind of SageMaker job: `CreateTransformJob` checked as SageMaker checks it
 * (transform-request.ts), run as a one-step Godwit run of a `transform` step serving the
 * endpoints catalog's model (transform-plan.ts, `src/serving/transform/`), its `<file>.out`
 * predictions copied under `S3OutputPath` and read back as DescribeTransformJob reports it
 * (transform-result.ts, transform-describe.ts).
 */
import type { JobKindSpec } from '../job-kind.js';
import { describeTransform, summarizeTransform } from './transform-describe.js';
import { modelContainer, planTransform } from './transform-plan.js';
import { readTransformRequest } from './transform-request.js';
import { transformResult } from './transform-result.js';

export const transformJob: JobKindSpec = {
  kind: 'transform',
  fields: { name: 'TransformJobName', arn: 'TransformJobArn', status: 'TransformJobStatus' },
  validate(request) {
    readTransformRequest(request);
    return request;
  },
  async check(request, context) {
    await modelContainer(readTransformRequest(request).modelName, context);
  },
  plan: planTransform,
  result: transformResult,
  describe: describeTransform,
  summary: summarizeTransform,
};

export default transformJob;
