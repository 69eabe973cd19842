import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/config.js';
import { systemClock } from '../../../src/core/clock.js';
import type { GodwitError } from '../../../src/core/errors.js';
import type { EndpointCatalog } from '../../../src/endpoints/endpoint-records.js';
import type { JobService } from '../../../src/jobs/job-service.js';
import { localIntegrations } from '../../../src/workflows/integrations/local-integrations.js';
import type { WorkflowService } from '../../../src/workflows/workflow-service.js';
import { scratchDir } from '../../helpers/scratch.js';

/** A project folder with a godwit.config.yaml holding `text`. */
function project(text: string): string {
  const dir = scratchDir('godwit-wf-config-');
  writeFileSync(join(dir, 'godwit.config.yaml'), text);
  mkdirSync(join(dir, 'sub'));
  return dir;
}

// `check` and `resolve` do no I/O: the services are never called, so none is opened here.
const unused = <T>() => ({}) as T;

function integrations(config = loadConfig({ cwd: project('{}'), env: {} }).workflows) {
  return localIntegrations({
    jobs: unused<JobService>(),
    sagemaker: { call: () => Promise.reject(new Error('not called')) },
    endpoints: unused<EndpointCatalog>(),
    workflows: () => unused<WorkflowService>(),
    publish: () => Promise.reject(new Error('not called')),
    stores: () => Promise.reject(new Error('not called')),
    config,
    clock: systemClock,
  });
}

describe('localIntegrations: which integration serves a resource, and the refusal of the rest', () => {
  test('every integration is found by its resource', () => {
    const all = integrations();
    const cases: [string, string][] = [
      ['arn:aws:states:::sagemaker:createTrainingJob.sync', 'sagemaker'],
      ['arn:aws:states:::sagemaker:startPipelineExecution', 'sagemaker'],
      ['arn:aws:states:::aws-sdk:sagemaker:createModelPackage', 'sagemaker'],
      ['arn:aws:states:::aws-sdk:s3:getObject', 's3'],
      ['arn:aws:states:::states:startExecution.sync:2', 'states'],
      ['arn:aws:states:::events:putEvents.waitForTaskToken', 'events'],
      ['arn:aws:states:::lambda:invoke', 'lambda'],
      ['arn:aws:states:::http:invoke', 'http'],
      ['arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'sqs'],
    ];
    for (const [resource, name] of cases) {
      assert.equal(all.resolve(resource)?.name, name, resource);
      all.check('S', resource);
    }
  });

  test('an unmapped resource is E_WORKFLOW_RESOURCE_UNMAPPED naming the state, the resource and the way out', () => {
    const all = integrations();
    assert.throws(
      () => all.check('Crawl', 'arn:aws:states:::glue:startJobRun.sync'),
      (err: GodwitError) => {
        assert.equal(err.code, 'E_WORKFLOW_RESOURCE_UNMAPPED');
        assert.match(err.message, /State "Crawl" calls arn:aws:states:::glue:startJobRun\.sync/);
        assert.match(err.hint ?? '', /arn:aws:states:::sagemaker:createTrainingJob\.sync/);
        assert.match(err.hint ?? '', /workflows\.lambdas/);
        return true;
      },
    );
    assert.throws(
      () => all.check('Score', 'arn:aws:lambda:us-east-1:123456789012:function:score'),
      (err: GodwitError) => {
        assert.match(err.message, /State "Score" calls the Lambda function "score"/);
        assert.match(err.hint ?? '', /workflows: \{ lambdas: \{ "<name or glob>": \{ command/);
        return true;
      },
    );
    assert.throws(
      () => all.check('Query', 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement'),
      /The Redshift Data API is not mapped onto the local warehouse/,
    );
    assert.throws(() => all.check('Model', 'arn:aws:states:::sagemaker:createModel.sync'), {
      code: 'E_WORKFLOW_RESOURCE_UNMAPPED',
    });
    assert.equal(all.resolve('arn:aws:states:::glue:startJobRun.sync'), undefined);
  });

  test('workflows.lambdas in godwit.config.yaml maps function ARNs; paths resolve against the file', () => {
    const dir = project(
      'workflows:\n  lambdas:\n    score-*: { command: [./score.sh, --fast] }\n    enrich: { module: ./enrich.ts#handler }\n  queues:\n    "*/approvals": { event: true }\n',
    );
    const config = loadConfig({ cwd: join(dir, 'sub'), env: {} }).workflows;
    assert.deepEqual(
      config?.lambdas.map((l) => [l.pattern, l.command, l.module]),
      [
        ['score-*', [join(dir, 'score.sh'), '--fast'], undefined],
        ['enrich', undefined, { file: join(dir, 'enrich.ts'), exportName: 'handler' }],
      ],
    );
    assert.deepEqual(
      config?.queues.map((q) => [q.pattern, q.event]),
      [['*/approvals', true]],
    );
    const all = integrations(config);
    all.check('Score', 'arn:aws:lambda:us-east-1:123456789012:function:score-v2');
    all.check('Enrich', 'arn:aws:lambda:us-east-1:123456789012:function:enrich:prod');
    assert.equal(all.resolve('arn:aws:lambda:us-east-1:123456789012:function:enrich')?.name, 'lambda');
  });

  test('a malformed workflows: section is E_CONFIG naming the file and key', () => {
    for (const [text, message] of [
      ['workflows:\n  lambda: {}\n', /workflows\.lambda is not a key of workflows/],
      ['workflows:\n  lambdas:\n    f: { command: [] }\n', /workflows\.lambdas\."f"\.command must be a program/],
      ['workflows:\n  lambdas:\n    f: { command: [a], module: ./x.ts }\n', /must have exactly one of command or module/],
      ['workflows:\n  queues:\n    q: { event: yes please }\n', /workflows\.queues\."q"\.event must be true/],
    ] as const) {
      assert.throws(
        () => loadConfig({ cwd: project(text), env: {} }),
        (err: GodwitError) => {
          assert.equal(err.code, 'E_CONFIG');
          assert.match(err.message, message);
          assert.match(err.message, /godwit\.config\.yaml/);
          return true;
        },
      );
    }
  });
});
