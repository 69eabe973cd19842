/**
 * Artifacts that come from outside the pipeline — a step's code, an input given as a path or URI
 * — enter KFP through importer tasks, as `dsl.importer` compiles: an `importer` executor whose
 * `artifactUri` is the URI (a constant, or the task's `uri` input when it is a parameter or join).
 * A local path is uploaded under the profile's artifact root first (see `Upload`).
 */
import { posix } from 'node:path';
import type { Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { addTask, artifactRoot, type KfpContext } from './kfp-context.js';
import type { ArtifactSource, DagNode } from './kfp-dag.js';
import { bindValue, invalid } from './kfp-sources.js';
import type { ArtifactTypeSchema } from './kfp-spec.js';

/** `gs://…`, `s3://…`, `https://…` are URIs; anything else is a path on the machine compiling. */
export function isLocalPath(value: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

function baseName(path: string): string {
  return posix.basename(posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '')) || 'data';
}

/**
 * The cloud URI a local path is uploaded to — `<artifactRoot>/<pipeline>/<folder>/<name>` — and
 * the Upload recording it.
 */
export function uploadUri(ctx: KfpContext, local: string, folder: string, forField: string): string {
  const uri = `${artifactRoot(ctx)}/${ctx.ir.name}/${folder}/${baseName(local)}`;
  if (!ctx.uploads.some((u) => u.local === local && u.uri === uri)) ctx.uploads.push({ local, uri, for: forField });
  return uri;
}

export interface ImportRequest {
  readonly dag: DagNode;
  /** Base of the task name, e.g. `preprocess-code`. */
  readonly name: string;
  readonly value: Value;
  readonly type: ArtifactTypeSchema;
  /** Step and field, for messages and the Upload's `for`. */
  readonly step: string;
  readonly field: string;
  /** Folder under `<artifactRoot>/<pipeline>/` a local path is uploaded to. */
  readonly uploadFolder: string;
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
  if (typeof uri === 'string' && isLocalPath(uri)) uri = uploadUri(ctx, uri, r.uploadFolder, `${r.step}.${r.field}`);
  bindValue(ctx, task, 'uri', uri, 'STRING', r.step, r.field);
  const artifactUri = typeof uri === 'string' ? { constant: uri } : { runtimeParameter: 'uri' };
  ctx.executors[`exec-${name}`] = { importer: { artifactUri, typeSchema: r.type } };
  return { dag: r.dag, task: name, key: 'artifact', type: r.type };
}
