/**
 * SageMaker's AWS JSON 1.1 protocol as the service answers it: `POST /`, the operation in
 * `X-Amz-Target: SageMaker.<Operation>`, errors as HTTP 400 with `__type` and `Message`
 * (DescribePipeline of an unknown pipeline answers ResourceNotFound, as AWS does).
 */
import { bodyJson, type Handler, type Reply } from './fake-cloud.js';

export const ACCOUNT_ARN = 'arn:aws:sagemaker:us-east-1:123456789012';

export function fakeSageMaker(options: { fail?: Record<string, { type: string; message: string }> } = {}): Handler {
  const pipelines = new Map<string, Record<string, unknown>>();
  let executions = 0;
  const json = (status: number, body: unknown): Reply => ({
    status,
    json: body,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${Date.now()}` },
  });
  return (req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^SageMaker\./, '');
    const input = bodyJson(req);
    const name = String(input.PipelineName);
    const failure = options.fail?.[operation];
    if (failure) return json(400, { __type: `com.amazonaws.sagemaker#${failure.type}`, Message: failure.message });
    switch (operation) {
      case 'DescribePipeline': {
        const p = pipelines.get(name);
        if (!p)
          return json(400, {
            __type: 'com.amazonaws.sagemaker#ResourceNotFound',
            Message: `Pipeline '${ACCOUNT_ARN}:pipeline/${name}' does not exist.`,
          });
        return json(200, {
          PipelineArn: `${ACCOUNT_ARN}:pipeline/${name}`,
          PipelineName: name,
          PipelineDefinition: p.PipelineDefinition,
          PipelineStatus: 'Active',
        });
      }
      case 'CreatePipeline':
      case 'UpdatePipeline':
        pipelines.set(name, input);
        return json(200, { PipelineArn: `${ACCOUNT_ARN}:pipeline/${name}` });
      case 'StartPipelineExecution':
        executions++;
        return json(200, { PipelineExecutionArn: `${ACCOUNT_ARN}:pipeline/${name}/execution/exec${executions}` });
      default:
        return json(400, { __type: 'com.amazonaws.sagemaker#UnknownOperationException', Message: `Unknown operation ${target}` });
    }
  };
}
