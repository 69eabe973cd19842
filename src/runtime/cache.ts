import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { digestTree, sha256File, type TreeEntry } from '../core/hash.js';
import type { StepIR, Value } from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import type { ValueResolver } from './resolve.js';

/** Bump when a runner's behaviour changes in a way that must invalidate earlier cache entries. */
const CACHE_FORMAT = 1;

/** Fields that do not change what a step computes, so they do not enter its cache key. */
const NON_SEMANTIC = new Set(['retry', 'cache', 'timeoutSeconds', 'displayName', 'description', 'dependsOn']);

/**
 * A step's cache key: its resolved definition, with each input artifact replaced by its digest
 * and local files (code, literal input paths) by the digest of their content.
 */
export async function cacheKey(step: StepIR, resolver: ValueResolver, baseDir: string, resolvePath: (p: string) => string): Promise<string> {
  const resolveDeep = async (v: unknown): Promise<unknown> => {
    if (Array.isArray(v)) return Promise.all(v.map(resolveDeep));
    if (isRef(v)) {
      if (v.kind === 'StepOutput') return { artifact: resolver.artifact(v.step, v.output).sha256 };
      if (v.kind === 'InputPath' || v.kind === 'OutputPath') return v;
      return { value: await resolver.resolve(v as Value) };
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) if (!NON_SEMANTIC.has(k)) out[k] = await resolveDeep(inner);
      return out;
    }
    return v;
  };
  const definition = await resolveDeep(step);
  const files: Record<string, string> = {};
  if ('process' in step && step.process?.code) files.code = await digestPath(join(baseDir, step.process.code));
  if ('inputs' in step) {
    for (const input of step.inputs) {
      if (isRef(input.source) && input.source.kind === 'StepOutput') continue;
      files[`input:${input.name}`] = await digestPath(resolvePath(String(await resolver.resolve(input.source))));
    }
  }
  return createHash('sha256')
    .update(JSON.stringify({ v: CACHE_FORMAT, definition, files }))
    .digest('hex');
}

/** Digest of a file, or of every file under a folder (paths relative to it). */
export async function digestPath(path: string): Promise<string> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 'missing';
  if (!info.isDirectory()) return (await sha256File(path)).sha256;
  const entries: TreeEntry[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) entries.push({ path: relative(path, p), ...(await sha256File(p)) });
    }
  };
  await walk(path);
  return digestTree(entries);
}
