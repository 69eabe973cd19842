import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { TargetProfile } from '../../src/compile/target.js';
import { everyStepPipeline, nestedConditionsPipeline } from './kfp-proto/fixtures.js';
import { assertStrictPipelineSpec } from './kfp-proto/proto-check.js';

const sdkDoc = (name: string) => parse(readFileSync(new URL(`./kfp-proto/golden/sdk/${name}`, import.meta.url), 'utf8'));
const goldenDoc = () => parse(readFileSync(new URL('../../examples/abalone/abalone.kfp.yaml', import.meta.url), 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into arbitrary spec paths on purpose.
type Json = any;

/** A deep copy of `doc` with `edit` applied. */
function edited(doc: unknown, edit: (d: Json) => void): unknown {
  const copy = structuredClone(doc) as Json;
  edit(copy);
  return copy;
}

describe('strict PipelineSpec proto check', () => {
  test('accepts the files the KFP SDK compiled (a check of the checker)', () => {
    assertStrictPipelineSpec(sdkDoc('iris_pipeline_compiled.yaml'));
    assertStrictPipelineSpec(sdkDoc('pipeline_with_retry.yaml'));
  });

  test('rejects an unknown field at the top, in a task and in the deploymentSpec Struct', () => {
    const doc = sdkDoc('pipeline_with_retry.yaml');
    const mutations: ((d: Json) => void)[] = [
      (d) => {
        d.pipelineName = 'x';
      },
      (d) => {
        d.root.dag.tasks.add.timeout = '60s';
      },
      (d) => {
        d.root.dag.tasks.add.cachingOptions.maxCacheStaleness = 'P30D';
      },
      (d) => {
        d.deploymentSpec.executors['exec-add'].container.workingDir = '/tmp';
      },
    ];
    for (const mutate of mutations) assert.throws(() => assertStrictPipelineSpec(edited(doc, mutate)), /is unknown/);
  });

  test('rejects a value of the wrong type', () => {
    const doc = sdkDoc('pipeline_with_retry.yaml');
    assert.throws(() =>
      assertStrictPipelineSpec(
        edited(doc, (d) => {
          d.components['comp-add'].inputDefinitions.parameters.a.parameterType = 'FLOAT';
        }),
      ),
    );
    assert.throws(() =>
      assertStrictPipelineSpec(
        edited(doc, (d) => {
          d.root.dag.tasks.add.retryPolicy.backoffDuration = 'soon';
        }),
      ),
    );
  });

  test('rejects a document that would not read back as written', () => {
    const doc = sdkDoc('pipeline_with_retry.yaml');
    // proto3 drops a false bool, so the spec read by KFP would differ from the file.
    const falseCache = edited(doc, (d) => {
      d.root.dag.tasks.add.cachingOptions.enableCache = false;
    });
    assert.throws(() => assertStrictPipelineSpec(falseCache), /re-serialises to itself/);
    const longDuration = edited(doc, (d) => {
      d.root.dag.tasks.add.retryPolicy.backoffDuration = '1.5s';
    });
    assert.throws(() => assertStrictPipelineSpec(longDuration), /re-serialises to itself/);
  });

  test('accepts the abalone golden file', () => {
    assertStrictPipelineSpec(goldenDoc());
  });

  const profiles: [string, TargetProfile][] = [
    ['gcp', BUILTIN_PROFILES.gcp],
    ['aws', BUILTIN_PROFILES.aws],
  ];
  for (const [profileName, profile] of profiles) {
    for (const [name, build] of [
      ['every step kind, condition op and reference kind', everyStepPipeline],
      ['nested and one-branch conditions', nestedConditionsPipeline],
    ] as const) {
      test(`accepts the compiled synthetic pipeline: ${name} (${profileName} profile)`, () => {
        assertStrictPipelineSpec(compileKfp(build(), profile).document);
      });
    }
  }
});
