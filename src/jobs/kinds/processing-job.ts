/**
 * The processing kind of SageMaker job: `CreateProcessingJob` checked as SageMaker checks it
 * (processing-request.ts), run as a one-step Godwit run of a `processing` step under SageMaker's
 * processing contract (processing-plan.ts, the program through processing-image.ts), its outputs
 * copied to their `S3Uri`s and read back as DescribeProcessingJob reports it
 * (processing-result.ts, processing-describe.ts).
 */
import type { JobKindSpec } from '../job-kind.js';
import { describeProcessing, summarizeProcessing } from './processing-describe.js';
import { checkProcessingImage } from './processing-image.js';
import { planProcessing } from './processing-plan.js';
import { readProcessingRequest } from './processing-request.js';
import { processingResult } from './processing-result.js';

export const processingJob: JobKindSpec = {
  kind: 'processing',
  fields: { name: 'ProcessingJobName', arn: 'ProcessingJobArn', status: 'ProcessingJobStatus' },
  validate(request) {
    readProcessingRequest(request);
    return request;
  },
  async check(request, context) {
    checkProcessingImage(readProcessingRequest(request), context);
  },
  plan: planProcessing,
  result: processingResult,
  describe: describeProcessing,
  summary: summarizeProcessing,
};

export default processingJob;
