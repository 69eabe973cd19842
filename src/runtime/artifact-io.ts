import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { localSourcePath } from '../core/uri.js';
import type { ArtifactRecord } from '../meta/metadata-store.js';
import type { ArtifactType, Value } from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import type { StoreOptions } from '../store/index.js';
import { downloadPrefix, uploadDir } from '../store/transfer.js';
import { isObjectStoreUri, stageObjectInput } from './object-input.js';
import { keyOf, type ValueResolver } from './resolve.js';

/** A local path for a resolved input source: a `file://` URI or a path relative to the pipeline. */
export function localPathOf(source: string, baseDir: string): string {
  const path = localSourcePath(source, baseDir);
  if (path === undefined) {
    throw new GodwitError('E_STORE_UNSUPPORTED', `Input ${source} uses a scheme this Godwit cannot read.`, {
      hint: 'Use a local path, a file:// URI, or an s3:// or gs:// object or prefix.',
    });
  }
  return path;
}

/**
 * Copies an input into `localDir`: a step output from the artifact store, an `s3://` or `gs://`
 * object or prefix (through the stores, with `io.inputStores`), or a local file or folder. A single
 * file keeps its name inside `localDir`, as SageMaker stages an S3 object.
 */
export async function stageSource(
  source: Value,
  localDir: string,
  where: string,
  io: { resolver: ValueResolver; store: ArtifactStore; baseDir: string; inputStores?: StoreOptions },
): Promise<void> {
  await mkdir(localDir, { recursive: true });
  if (isRef(source) && source.kind === 'StepOutput') {
    const record = io.resolver.artifact(source.step, source.output);
    await downloadPrefix(io.store, keyOf(io.store, record.uri), localDir);
    return;
  }
  const resolved = String(await io.resolver.resolve(source));
  if (isObjectStoreUri(resolved)) {
    await stageObjectInput(resolved, localDir, where, io.inputStores ?? {});
    return;
  }
  const path = localPathOf(resolved, io.baseDir);
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new GodwitError('E_INPUT_MISSING', `${where}: ${resolved} does not exist (looked at ${path}).`, {
      hint: 'Fix the path (relative paths are relative to the pipeline file), or pass another with --param.',
    });
  }
  if (info.isDirectory()) await cp(path, localDir, { recursive: true });
  else await cp(path, join(localDir, basename(path)));
}

/** Stores a step's output folder as an artifact; an empty or missing folder is an error (worded to follow the step's name). */
export async function collectOutput(
  store: ArtifactStore,
  o: { runId: string; step: string; name: string; type: ArtifactType; localDir: string; shownAs: string; at: Date },
): Promise<ArtifactRecord> {
  // The caller's failure names the step; the folder is named once, and where it was on this
  // machine only when that differs (a container path such as /opt/ml/processing/output/x).
  const where = o.shownAs === o.localDir ? o.localDir : `${o.shownAs}, on this machine ${o.localDir}`;
  const missing = () =>
    new GodwitError('E_OUTPUT_MISSING', `it wrote nothing to its output "${o.name}" (${where}).`, {
      hint: 'A step must write at least one file into each output it declares.',
    });
  if (!(await stat(o.localDir).catch(() => undefined))) throw missing();
  const prefix = `runs/${o.runId}/${o.step}/${o.name}`;
  const manifest = await uploadDir(store, o.localDir, prefix);
  if (manifest.files.length === 0) throw missing();
  return {
    runId: o.runId,
    step: o.step,
    name: o.name,
    type: o.type,
    uri: `${store.uri(prefix)}/`,
    sha256: manifest.sha256,
    size: manifest.size,
    files: manifest.files,
    createdAt: o.at,
  };
}

/** Whether a folder holds at least one file, at any depth (a missing folder holds none). */
export async function holdsFiles(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory()) return true;
    if (await holdsFiles(join(dir, e.name))) return true;
  }
  return false;
}
