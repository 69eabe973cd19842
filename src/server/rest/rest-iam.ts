import { ACCOUNT_ID, arn, DEFAULT_REGION, groupArn, modelPackageArn } from '../../core/arns.js';
import { endpointArn } from '../aws/sagemaker/sagemaker-arns.js';

/**
 * Godwit's REST API in IAM's terms: each route's action (`godwit:ApproveModel`) and resource,
 * the registry's own ARNs for models (`model-package-group/GROUP`, `model-package/GROUP/N`), the
 * endpoint's SageMaker ARN (invoking it is `sagemaker:InvokeEndpoint`, whichever door asks), and
 * `arn:aws:godwit:REGION:ACCOUNT:run/ID` for runs. Routes not listed (health) need no permission.
 */
type Rule = (params: Readonly<Record<string, string>>) => { action: string; resource: string };

/**
 * The query API (`POST /api/v1/query`): `godwit:Query` on the warehouse it reads. Asked by the
 * route itself, as the warehouse is named in the body; the rows are then the caller's views.
 */
export function queryRule(warehouse: string): { action: string; resource: string } {
  return { action: 'godwit:Query', resource: `arn:aws:godwit:${DEFAULT_REGION}:${ACCOUNT_ID}:warehouse/${warehouse}` };
}

const run = (id: string) => `arn:aws:godwit:${DEFAULT_REGION}:${ACCOUNT_ID}:run/${id}`;
const version = (p: Readonly<Record<string, string>>) => modelPackageArn(DEFAULT_REGION, p.group, Number(p.version));

export const REST_IAM: Readonly<Record<string, Rule>> = {
  'GET /api/v1/runs': () => ({ action: 'godwit:ListRuns', resource: '*' }),
  'GET /api/v1/runs/:run': (p) => ({ action: 'godwit:DescribeRun', resource: run(p.run) }),
  'GET /api/v1/runs/:run/steps/:step/logs': (p) => ({ action: 'godwit:GetRunLogs', resource: run(p.run) }),
  // Starting a pipeline is StartPipelineExecution on the pipeline, whichever door asks.
  'POST /api/v1/pipelines/:name/runs': (p) => ({
    action: 'sagemaker:StartPipelineExecution',
    resource: arn('sagemaker', DEFAULT_REGION, `pipeline/${p.name.toLowerCase()}`),
  }),
  'GET /api/v1/models': () => ({ action: 'godwit:ListModels', resource: '*' }),
  'GET /api/v1/models/:group': (p) => ({ action: 'godwit:DescribeModelGroup', resource: groupArn(DEFAULT_REGION, p.group) }),
  'GET /api/v1/models/:group/versions/:version': (p) => ({ action: 'godwit:DescribeModel', resource: version(p) }),
  'POST /api/v1/models/:group/versions/:version/approve': (p) => ({ action: 'godwit:ApproveModel', resource: version(p) }),
  'POST /api/v1/models/:group/versions/:version/reject': (p) => ({ action: 'godwit:RejectModel', resource: version(p) }),
  'GET /api/v1/endpoints/:name/live': (p) => ({
    action: 'godwit:DescribeLiveEndpoint',
    resource: endpointArn(DEFAULT_REGION, p.name.toLowerCase()),
  }),
  'POST /api/v1/endpoints/:name/invocations': (p) => ({
    action: 'sagemaker:InvokeEndpoint',
    resource: endpointArn(DEFAULT_REGION, p.name.toLowerCase()),
  }),
};
