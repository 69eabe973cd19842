import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { GodwitError } from '../../src/core/errors.js';
import { type LoadedPipeline, loadPipelineFile } from '../../src/pipeline/load.js';
import { planSubmission, prepareSubmission, submitPipeline } from '../../src/submit/index.js';
import { bodyJson, type FakeCloud, type Recorded, type Reply, startFakeCloud } from './fake-cloud.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'ya29.test-access-token';
const JOBS = '/v1/projects/my-project/locations/us-central1/pipelineJobs';

/** Vertex AI's REST surface for CreatePipelineJob: the created PipelineJob comes back as JSON. */
function fakeVertex(fail?: Reply) {
  let n = 0;
  return (req: Recorded): Reply => {
    if (fail) return fail;
    const path = req.path.split('?')[0];
    if (req.method !== 'POST' || path !== JOBS)
      return { status: 404, json: { error: { code: 404, message: `no route ${req.method} ${path}`, status: 'NOT_FOUND' } } };
    const job = bodyJson(req);
    n++;
    return {
      status: 200,
      json: {
        ...job,
        name: `projects/123456/locations/us-central1/pipelineJobs/abalone-job${n}`,
        state: 1,
        createTime: '2024-06-01T00:00:00Z',
      },
    };
  };
}

describe('godwit submit --target vertex (request level, against a local Vertex AI stand-in)', () => {
  let cloud: FakeCloud;
  let abalone: LoadedPipeline;

  before(async () => {
    cloud = await startFakeCloud(fakeVertex());
    abalone = await loadPipelineFile(join(ROOT, 'examples/abalone/pipeline.ts'));
  });
  after(() => cloud.close());

  test('the SDK sends CreatePipelineJob over REST with the compiled PipelineSpec', async () => {
    const ctx = prepareSubmission(abalone.ir, 'vertex', BUILTIN_PROFILES.gcp, {
      endpoint: cloud.url,
      params: ['mse_threshold=5.5', 'model_approval_status=Approved'],
      auth: { googleAccessToken: TOKEN },
    });
    const outcome = await submitPipeline(ctx);
    assert.equal(cloud.requests.length, 1);
    const [req] = cloud.requests.splice(0);
    assert.equal(req.method, 'POST');
    assert.equal(req.path.split('?')[0], JOBS);
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(String(req.headers['content-type']), /^application\/json/);
    assert.match(String(req.headers['x-goog-api-client']), /gapic\/\S+ .*rest\//);
    const job = bodyJson(req);
    assert.deepEqual(job.pipelineSpec, JSON.parse(JSON.stringify(ctx.compiled.document)));
    assert.equal(job.displayName, 'abalone');
    assert.equal(job.serviceAccount, BUILTIN_PROFILES.gcp.serviceAccount);
    assert.deepEqual(job.runtimeConfig, {
      parameters: {},
      parameterValues: { mse_threshold: 5.5, model_approval_status: 'Approved' },
      inputArtifacts: {},
      gcsOutputDirectory: 'gs://my-project-godwit/godwit/abalone/runs',
    });
    assert.equal(outcome.action, 'created');
    assert.equal(outcome.execution, 'projects/123456/locations/us-central1/pipelineJobs/abalone-job1');
    assert.match(outcome.consoleUrl ?? '', /locations\/us-central1\/pipelines\/runs\/abalone-job1\?project=my-project$/);
  });

  test('the dry run shows the REST request the SDK sends', async () => {
    const ctx = prepareSubmission(abalone.ir, 'vertex', BUILTIN_PROFILES.gcp, {
      endpoint: cloud.url,
      params: ['mse_threshold=4'],
      auth: { googleAccessToken: TOKEN },
    });
    const [planned] = planSubmission(ctx);
    await submitPipeline(ctx);
    const [req] = cloud.requests.splice(0);
    assert.equal(planned.url, `${cloud.url}${req.path}`);
    assert.equal(planned.operation, 'CreatePipelineJob');
    assert.deepEqual(bodyJson(req), JSON.parse(JSON.stringify(planned.body)));
  });

  test('without --endpoint the request goes to the regional Vertex AI endpoint', () => {
    const ctx = prepareSubmission(abalone.ir, 'vertex', BUILTIN_PROFILES.gcp);
    assert.equal(
      planSubmission(ctx)[0].url,
      `https://us-central1-aiplatform.googleapis.com${JOBS}?$alt=json%3Benum-encoding=int`,
    );
  });

  test("the service's error becomes one E_SUBMIT paragraph", async () => {
    const failing = await startFakeCloud(
      fakeVertex({
        status: 400,
        json: {
          error: {
            code: 400,
            message: 'The PipelineJob spec is invalid: pipelineInfo.name is missing.',
            status: 'INVALID_ARGUMENT',
          },
        },
      }),
    );
    try {
      const ctx = prepareSubmission(abalone.ir, 'vertex', BUILTIN_PROFILES.gcp, {
        endpoint: failing.url,
        auth: { googleAccessToken: TOKEN },
      });
      await assert.rejects(submitPipeline(ctx), (err: GodwitError) => {
        assert.equal(err.code, 'E_SUBMIT');
        assert.match(
          err.message,
          /^Vertex AI CreatePipelineJob failed for pipeline "abalone": .*The PipelineJob spec is invalid: pipelineInfo\.name is missing\./,
        );
        assert.ok(!err.describe().includes('\n'));
        return true;
      });
    } finally {
      await failing.close();
    }
  });

  test('a profile without a project stops before any call', () => {
    const { project: _, ...noProject } = BUILTIN_PROFILES.gcp;
    assert.throws(
      () => prepareSubmission(abalone.ir, 'vertex', { ...noProject, name: 'bare' }, { endpoint: cloud.url }),
      (err: GodwitError) =>
        err.code === 'E_SUBMIT_PROFILE' && err.message === 'Profile "bare" has no project, which submitting to Vertex AI needs.',
    );
  });
});
