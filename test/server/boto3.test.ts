import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 as skip } from '../helpers/boto3.js';
import { serverFixture } from './server-fixture.js';

// The README's boto3 snippet, unmodified but for the port, against a real server over real runs.
const SCRIPT = `
import json, sys, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
runs = sm.list_pipeline_executions(PipelineName="greeter")["PipelineExecutionSummaries"]
package = sm.list_model_packages(ModelPackageGroupName="Greeter")["ModelPackageSummaryList"][0]
sm.update_model_package(ModelPackageArn=package["ModelPackageArn"], ModelApprovalStatus="Approved")
described = sm.describe_model_package(ModelPackageName=package["ModelPackageArn"])
try:
    sm.describe_pipeline_execution(PipelineExecutionArn="arn:aws:sagemaker:us-east-1:000000000000:pipeline/greeter/execution/nope")
    missing = None
except sm.exceptions.ResourceNotFound as e:
    missing = e.response["Error"]["Code"]
print(json.dumps({"runs": [r["PipelineExecutionStatus"] for r in runs], "arn": package["ModelPackageArn"],
                  "status": described["ModelApprovalStatus"], "missing": missing}))
`;

describe('SageMaker front door, through boto3', { skip }, () => {
  let f: Awaited<ReturnType<typeof serverFixture>>;
  let url: string;
  before(async () => {
    assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
    f = await serverFixture();
    url = (await f.start()).url;
  });
  after(async () => f?.close());

  test("a user's boto3 script lists runs, approves a model package and gets AWS's errors", async () => {
    const child = spawn(PYTHON, ['-c', SCRIPT, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    const result = JSON.parse(out);
    assert.deepEqual(result.runs, ['Failed', 'Succeeded']);
    assert.equal(result.arn, 'arn:aws:sagemaker:us-east-1:000000000000:model-package/Greeter/1');
    assert.equal(result.status, 'Approved');
    assert.equal(result.missing, 'ResourceNotFound');
    const history = await f.h.services.metadata.registry.auditLog('Greeter', 1);
    assert.deepEqual(
      history.map((e) => [e.to, e.actor]),
      [
        ['PendingManualApproval', history[0].actor],
        ['Approved', 'test'],
      ],
    );
  });
});
