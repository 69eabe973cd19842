import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribePipelineExecutionCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sagemaker-pipelines');
export const BUCKET = 'godwit-pipelines-test';
export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'not-a-secret' };

/** The echo pipeline's definition (a processing step, then a condition with a fail step), as the SDK writes one. */
export const echoDefinition = () => readFile(join(FIXTURES, 'echo.definition.json'), 'utf8');

/** Puts the processing script where the definition says it is, through the server's own S3 door. */
export async function uploadScript(url: string): Promise<void> {
  const s3 = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'code/prep.py', Body: await readFile(join(FIXTURES, 'prep.py')) }));
  } finally {
    s3.destroy();
  }
}

/** Polls DescribePipelineExecution until the status is one of `statuses` (60 s at most). */
export async function waitForStatus(sm: SageMakerClient, arn: string, statuses: readonly string[]) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const out = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    if (statuses.includes(out.PipelineExecutionStatus ?? '')) return out;
    if (Date.now() > deadline) throw new Error(`${arn} is still ${out.PipelineExecutionStatus}, not ${statuses.join('/')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
