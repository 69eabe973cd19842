import { stat } from 'node:fs/promises';
import { toFileUri } from '../../core/uri.js';
import { isRef, type RegisterModelStep } from '../../pipeline/ir.js';
import { objectIn } from '../../store/index.js';
import { localPathOf } from '../artifact-io.js';
import { digestPath } from '../cache.js';
import { isObjectStoreUri } from '../object-input.js';
import type { StepContext } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** The model a register step records: where it is, and its tree digest when Godwit computed one. */
export interface RegisteredModelSource {
  readonly uri: string;
  readonly sha256?: string;
}

/**
 * The model a register step names: another step's output (an artifact of this run), or a URI or
 * path, as SageMaker's `RegisterModel(model_data='s3://…')` takes one — a model another system
 * wrote, such as BigQuery ML's `EXPORT MODEL … OPTIONS (URI = 'gs://…')` in an earlier sql step.
 * A plain path is relative to the pipeline file, as an input's is. Something must be there: a
 * version that points at nothing would only fail later, when an endpoint stages it.
 */
export async function registeredModelSource(ctx: StepContext, step: RegisterModelStep): Promise<RegisteredModelSource> {
  if (isRef(step.model) && step.model.kind === 'StepOutput') {
    const artifact = ctx.artifactFor(step.model, 'model');
    return { uri: artifact.uri, sha256: artifact.sha256 };
  }
  const source = String(await ctx.resolve(step.model));
  if (isObjectStoreUri(source)) {
    // An object-store model keeps the digests its store records, not a tree digest: none is recorded here.
    if (!(await objectsUnder(source, ctx))) throw missingModel(source, source);
    return { uri: source };
  }
  const path = localPathOf(source, ctx.run.baseDir);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw missingModel(source, path);
  const uri = toFileUri(path);
  return { uri: info.isDirectory() ? `${uri}/` : uri, sha256: await digestPath(path) };
}

/** Whether `uri` names an object, or a prefix with at least one object under it. */
async function objectsUnder(uri: string, ctx: StepContext): Promise<boolean> {
  const { store, key } = await objectIn(uri, ctx.services.inputStores ?? {});
  const folder = key.replace(/\/+$/, '');
  if (folder !== '' && !key.endsWith('/') && (await store.head(folder))) return true;
  return (await store.list(folder === '' ? '' : `${folder}/`)).length > 0;
}

function missingModel(source: string, looked: string): StepFailure {
  return new StepFailure('E_INPUT_MISSING', 'error', `model: nothing is at ${source} (looked at ${looked}).`, {
    retryable: false,
    hint: 'Write the model there in an earlier step (and list that step in dependsOn), or fix the URI.',
  });
}
