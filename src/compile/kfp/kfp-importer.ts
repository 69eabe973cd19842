/**
 * Artifacts that come from outside the pipeline — a step's code, an input given as a path or URI
 * — enter KFP through importer tasks, as `dsl.importer` compiles: an `importer` executor whose
 * `artifactUri` is the URI (a constant, or the task's `uri` input when it is a parameter or join).
 * A local path is uploaded under the profile's artifact root first (see src/compile/uploads.ts).
 */
import type { Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { isLocalPath } from '../uploads.js';
import { addTask, type KfpContext } from './kfp-context.js';
import type { ArtifactSource, DagNode } from './kfp-dag.js';
import { bindValue, invalid } from './kfp-expressions.js';
import type { ArtifactTypeSchema } from './kfp-spec.js';

export interface ImportRequest {
  readonly dag: DagNode;
  /** Base of the task name, e.g. `preprocess-code`. */
  readonly name: string;
  readonly value: Value;
  readonly type: ArtifactTypeSchema;
  /** Step and field, for messages and the Upload's `for`. */
  readonly step: string;
  readonly field: string;
  /** Where a local path is uploaded (see docs/compile-kfp.md), and what the Upload says needs it. */
  readonly uploadUri: (local: string) => string;
  readonly uploadFor: string;
}

/** An importer task for `value`; its `artifact` output is the imported artifact. */
export function importArtifact(ctx: KfpContext, r: ImportRequest): ArtifactSource {
  if (!isRef(r.value) && typeof r.value !== 'string') {
    throw invalid(ctx, r.step, r.field, `expected a path or URI, got ${JSON.stringify(r.value)}.`);
  }
  const name = ctx.names.allocate(`${r.name}-importer`);
  const task = addTask(ctx, r.dag, name, name, {
    executorLabel: `exec-${name}`,
    outputDefinitions: { artifacts: { artifact: { artifactType: r.type } } },
  });
  task.spec.cachingOptions = {};
  let uri: Value = r.value;
  if (typeof uri === 'string' && isLocalPath(uri)) uri = ctx.uploads.add(uri, r.uploadUri(uri), r.uploadFor);
  bindValue(ctx, task, 'uri', uri, 'STRING', r.step, r.field);
  const artifactUri = typeof uri === 'string' ? { constant: uri } : { runtimeParameter: 'uri' };
  ctx.executors[`exec-${name}`] = { importer: { artifactUri, typeSchema: r.type } };
  return { dag: r.dag, task: name, key: 'artifact', type: r.type };
}
