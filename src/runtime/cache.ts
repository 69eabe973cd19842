import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../core/hash.js';
import type { StepIR, Value } from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import type { StoreOptions } from '../store/index.js';
import { digestDir } from '../store/transfer.js';
import { localPathOf } from './artifact-io.js';
import { digestObjectInput, isObjectStoreUri } from './object-input.js';
import type { ValueResolver } from './resolve.js';

/** Bump when a runner's behaviour changes in a way that must invalidate earlier cache entries. */
const CACHE_FORMAT = 1;

/** Fields that do not change what a step computes, so they do not enter its cache key. */
const NON_SEMANTIC = new Set(['retry', 'cache', 'timeoutSeconds', 'displayName', 'description', 'dependsOn']);

/**
 * A step's cache key: its resolved definition, with each input artifact replaced by its digest
 * and local files (code, literal input paths) by the digest of their content. `extra` is what the
 * definition cannot say (a sql step's SQL text and the versions of the tables it reads).
 */
export async function cacheKey(
  step: StepIR,
  resolver: ValueResolver,
  baseDir: string,
  extra: Readonly<Record<string, unknown>> = {},
  inputStores: StoreOptions = {},
  /** Digests of local paths (a run's `LocalDigests`, which lineage reads again); default: hashed here. */
  digest: (path: string) => Promise<string> = digestPath,
): Promise<string> {
  const resolveDeep = async (v: unknown): Promise<unknown> => {
    if (Array.isArray(v)) return Promise.all(v.map(resolveDeep));
    if (isRef(v)) {
      if (v.kind === 'StepOutput') return { artifact: resolver.artifact(v.step, v.output).sha256 };
      if (v.kind === 'InputPath' || v.kind === 'OutputPath') return v;
      // Paths are bound only when the process starts, so a join around one stays a structure.
      if (v.kind === 'Join' && v.values.some(holdsPath)) return { join: v.on, values: await resolveDeep(v.values) };
      return { value: await resolver.resolve(v as Value) };
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[k] = await resolveDeep(inner);
      return out;
    }
    return v;
  };
  // Only the step's own policy fields are left out: a hyperparameter or argument that happens to
  // be called `description` or `retry` still changes what the step computes.
  const semantic = Object.fromEntries(Object.entries(step).filter(([k]) => !NON_SEMANTIC.has(k)));
  const definition = await resolveDeep(semantic);
  const files: Record<string, string> = {};
  if ('process' in step && step.process?.code) files.code = await digest(join(baseDir, step.process.code));
  for (const [name, source] of dataSources(step)) {
    if (isRef(source) && source.kind === 'StepOutput') continue;
    const resolved = String(await resolver.resolve(source));
    files[name] = isObjectStoreUri(resolved)
      ? await digestObjectInput(resolved, inputStores)
      : await digest(localPathOf(resolved, baseDir));
  }
  return createHash('sha256')
    .update(JSON.stringify({ v: CACHE_FORMAT, definition, files, ...(Object.keys(extra).length > 0 ? { extra } : {}) }))
    .digest('hex');
}

/** Digest of a file, or of every file under a folder (paths relative to it). */
export async function digestPath(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 'missing';
  return info.isDirectory() ? (await digestDir(path)).sha256 : (await sha256File(path)).sha256;
}

/** Where a step reads data from: its inputs, and a transform's model and input. */
function dataSources(step: StepIR): [string, Value][] {
  if (step.type === 'transform')
    return [
      ['model', step.model],
      ['input', step.input],
    ];
  return 'inputs' in step ? step.inputs.map((i) => [`input:${i.name}`, i.source]) : [];
}

function holdsPath(v: Value): boolean {
  if (!isRef(v)) return false;
  return v.kind === 'InputPath' || v.kind === 'OutputPath' || (v.kind === 'Join' && v.values.some(holdsPath));
}
