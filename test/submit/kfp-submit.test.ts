import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toKfpYaml } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { GodwitError } from '../../src/core/errors.js';
import { type LoadedPipeline, loadPipelineFile } from '../../src/pipeline/load.js';
import { planSubmission, prepareSubmission, submitPipeline } from '../../src/submit/index.js';
import { bodyJson, type FakeCloud, formData, type Recorded, type Reply, startFakeCloud } from './fake-cloud.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const API = '/apis/v2beta1';

/** The KFP API server's answers (v2beta1, proto field names), including its 404 and 409 errors. */
function fakeKfp() {
  const pipelines = new Map<
    string,
    { pipeline_id: string; versions: { pipeline_version_id: string; name: string; display_name: string }[] }
  >();
  let ids = 0;
  return (req: Recorded): Reply => {
    const url = new URL(req.path, 'http://kfp');
    const p = url.pathname;
    const byName = new RegExp(`^${API}/pipelines/names/([^/]+)$`).exec(p);
    if (req.method === 'GET' && byName) {
      const found = pipelines.get(decodeURIComponent(byName[1]));
      if (!found) return { status: 404, json: { error_message: 'Pipeline not found', code: 5, message: 'Pipeline not found' } };
      return { status: 200, json: { pipeline_id: found.pipeline_id, display_name: byName[1], name: byName[1] } };
    }
    if (req.method === 'POST' && p === `${API}/pipelines/upload`) {
      const name = url.searchParams.get('name') ?? '';
      const entry = {
        pipeline_id: `pipe-${++ids}`,
        versions: [{ pipeline_version_id: `ver-${++ids}`, name, display_name: name }],
      };
      pipelines.set(name, entry);
      return { status: 200, json: { pipeline_id: entry.pipeline_id, display_name: name, name } };
    }
    const versions = new RegExp(`^${API}/pipelines/([^/]+)/versions$`).exec(p);
    const owner = [...pipelines.values()].find((x) => x.pipeline_id === (versions?.[1] ?? url.searchParams.get('pipelineid')));
    if (req.method === 'GET' && versions && owner)
      return { status: 200, json: { pipeline_versions: [...owner.versions].reverse(), total_size: owner.versions.length } };
    if (req.method === 'POST' && p === `${API}/pipelines/upload_version` && owner) {
      const name = url.searchParams.get('name') ?? '';
      if (owner.versions.some((v) => v.name === name))
        return { status: 409, json: { error_message: 'Failed to create a pipeline version', error_details: 'already exists' } };
      const version = { pipeline_version_id: `ver-${++ids}`, name, display_name: name };
      owner.versions.push(version);
      return { status: 200, json: { pipeline_id: owner.pipeline_id, ...version } };
    }
    if (req.method === 'POST' && p === `${API}/runs`)
      return { status: 200, json: { run_id: `run-${++ids}`, ...bodyJson(req), state: 'PENDING' } };
    return { status: 404, json: { message: `no route ${req.method} ${p}` } };
  };
}

describe('godwit submit --target kfp (request level, against a local KFP API stand-in)', () => {
  let cloud: FakeCloud;
  let abalone: LoadedPipeline;
  const prepare = (params: string[] = []) =>
    prepareSubmission(abalone.ir, 'kfp', BUILTIN_PROFILES.gcp, { endpoint: cloud.url, params, auth: { kfpToken: 'kfp-token' } });

  before(async () => {
    cloud = await startFakeCloud(fakeKfp());
    abalone = await loadPipelineFile(join(ROOT, 'examples/abalone/pipeline.ts'));
  });
  after(() => cloud.close());

  test('a new pipeline: look it up, upload the YAML, find its version, create a run', async () => {
    const ctx = prepare(['mse_threshold=5.5']);
    const outcome = await submitPipeline(ctx);
    const sent = cloud.requests.splice(0);
    assert.deepEqual(
      sent.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      [
        `GET ${API}/pipelines/names/abalone`,
        `POST ${API}/pipelines/upload`,
        `GET ${API}/pipelines/pipe-1/versions`,
        `POST ${API}/runs`,
      ],
    );
    for (const r of sent) assert.equal(r.headers.authorization, 'Bearer kfp-token');
    const upload = sent[1];
    assert.equal(new URL(upload.path, cloud.url).searchParams.get('name'), 'abalone');
    const file = (await formData(upload)).get('uploadfile') as File;
    assert.equal(file.name, 'abalone.yaml');
    assert.equal(await file.text(), toKfpYaml(ctx.compiled.document));
    assert.deepEqual(bodyJson(sent[3]), {
      display_name: 'abalone (godwit submit)',
      pipeline_version_reference: { pipeline_id: 'pipe-1', pipeline_version_id: 'ver-2' },
      runtime_config: { parameters: { mse_threshold: 5.5 } },
    });
    assert.equal(outcome.action, 'created');
    assert.equal(outcome.execution, 'run-3');
  });

  test('the second submit adds a version named by the YAML digest; the same YAML again reuses it', async () => {
    const first = await submitPipeline(prepare());
    const sent = cloud.requests.splice(0);
    assert.deepEqual(
      sent.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      [`GET ${API}/pipelines/names/abalone`, `POST ${API}/pipelines/upload_version`, `POST ${API}/runs`],
    );
    const query = new URL(sent[1].path, cloud.url).searchParams;
    assert.equal(query.get('pipelineid'), 'pipe-1');
    assert.match(query.get('name') ?? '', /^abalone-[0-9a-f]{12}$/);
    assert.equal(first.action, 'updated');
    const again = await submitPipeline(prepare());
    const resent = cloud.requests.splice(0);
    assert.deepEqual(
      resent.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      [
        `GET ${API}/pipelines/names/abalone`,
        `POST ${API}/pipelines/upload_version`,
        `GET ${API}/pipelines/pipe-1/versions`,
        `POST ${API}/runs`,
      ],
    );
    assert.equal(again.action, 'reused');
    assert.deepEqual(bodyJson(resent[3]).pipeline_version_reference as object, {
      pipeline_id: 'pipe-1',
      pipeline_version_id: 'ver-4',
    });
  });

  test('the dry run lists the calls with their URLs and the uploaded YAML', () => {
    const ctx = prepare(['mse_threshold=5']);
    const plan = planSubmission(ctx);
    assert.deepEqual(
      plan.map((p) => p.operation),
      ['GetPipelineByName', 'UploadPipeline', 'ListPipelineVersions', 'UploadPipelineVersion', 'CreateRun'],
    );
    assert.equal(plan[0].url, `${cloud.url}${API}/pipelines/names/abalone`);
    assert.equal((plan[1].body as { uploadfile: { content: string } }).uploadfile.content, toKfpYaml(ctx.compiled.document));
    assert.deepEqual((plan[4].body as { runtime_config: object }).runtime_config, { parameters: { mse_threshold: 5 } });
  });

  test('an API error is one E_SUBMIT paragraph; no endpoint is an error before any call', async () => {
    const failing = await startFakeCloud(() => ({
      status: 500,
      json: { error_message: 'Internal error: database is locked', code: 13 },
    }));
    try {
      const ctx = prepareSubmission(abalone.ir, 'kfp', BUILTIN_PROFILES.gcp, { endpoint: failing.url });
      await assert.rejects(submitPipeline(ctx), (err: GodwitError) => {
        assert.equal(err.code, 'E_SUBMIT');
        assert.equal(
          err.message,
          'Kubeflow Pipelines GetPipelineByName failed for pipeline "abalone": HTTP 500: Internal error: database is locked.',
        );
        return true;
      });
    } finally {
      await failing.close();
    }
    assert.throws(
      () => prepareSubmission(abalone.ir, 'kfp', BUILTIN_PROFILES.gcp),
      (err: GodwitError) =>
        err.code === 'E_SUBMIT_PROFILE' && /--endpoint/.test(err.hint ?? '') && /GODWIT_KFP_ENDPOINT/.test(err.hint ?? ''),
    );
  });
});
