/**
 * What a compiled pipeline needs uploaded, and where. A cloud job cannot read the machine that
 * compiled it: every local file the IR names (a step's code, an input given as a path, a
 * parameter whose default is a path) must be copied under the profile's `artifactRoot` first.
 * Compilers stay pure: they record each copy as an `Upload` and the CLI performs it.
 *
 * ```ts
 * const uploads = new UploadList();
 * uploads.add('steps/prep.mjs', joinUri('s3://b/godwit', 'abalone', 'code', 'prep', 'prep.mjs'), 'step "prep", process.code');
 * uploads.list(); // [{ local: 'steps/prep.mjs', uri: 's3://b/godwit/abalone/code/prep/prep.mjs', for: 'step "prep", process.code' }]
 * ```
 */
import { fileURLToPath } from 'node:url';
import { isRef, type PipelineIR } from '../pipeline/ir.js';
import type { Upload } from './target.js';

// Only `scheme://` counts as a URI, as in core/uri.ts, so `runs:2024/x.csv` stays a relative path.
const URI = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** True for a path on this machine (`data/x.csv`, `/abs/x.csv`, `file:///abs/x.csv`), false for `s3://`, `gs://`, `https://`. */
export function isLocalPath(value: string): boolean {
  const scheme = URI.exec(value)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'file';
}

/** The path to upload for a local location: `file://` URIs become plain paths. */
export function localPathOf(value: string): string {
  return /^file:\/\//i.test(value) ? fileURLToPath(value) : value;
}

/** `root` and segments joined with single slashes: `joinUri('s3://b/p/', 'a', 'b/')` is `s3://b/p/a/b`. */
export function joinUri(root: string, ...segments: readonly string[]): string {
  const parts = [root.replace(/\/+$/, ''), ...segments.map((s) => s.replace(/^\/+|\/+$/g, ''))];
  return parts.filter((p) => p !== '').join('/');
}

/** Last segment of a path or URI: `data/abalone.csv` → `abalone.csv`, `code/` → `code`. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1) || trimmed;
}

/** Uploads in the order first recorded; the same local path to the same URI is listed once. */
export class UploadList {
  private readonly byKey = new Map<string, Upload>();

  /** Records that `local` must be copied to `uri` (needed by `forWhat`) and returns `uri`. */
  add(local: string, uri: string, forWhat: string): string {
    const path = localPathOf(local);
    const key = `${path}\u0000${uri}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { local: path, uri, for: forWhat });
    return uri;
  }

  list(): readonly Upload[] {
    return [...this.byKey.values()];
  }
}

/**
 * Parameters used directly as a data location (an input's source, a transform's input or model, a
 * registered model or its metrics), by name, with the step fields that read them. A local path
 * as such a parameter's default must be uploaded and the default rewritten to the cloud URI.
 */
export function dataParameters(ir: PipelineIR): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const note = (value: unknown, where: string) => {
    if (!isRef(value) || value.kind !== 'Parameter') return;
    const list = uses.get(value.name) ?? [];
    list.push(where);
    uses.set(value.name, list);
  };
  for (const step of ir.steps) {
    if ('inputs' in step) for (const i of step.inputs) note(i.source, `step "${step.name}", inputs.${i.name}.source`);
    if (step.type === 'transform') {
      note(step.input, `step "${step.name}", input`);
      note(step.model, `step "${step.name}", model`);
    }
    if (step.type === 'register-model') {
      note(step.model, `step "${step.name}", model`);
      note(step.metrics, `step "${step.name}", metrics`);
    }
  }
  return uses;
}

/** One upload as the CLI lists it: `  steps/train.py → s3://…/train.py   (step "train", process.code)`. */
export function formatUpload(u: Upload): string {
  return `  ${u.local} → ${u.uri}   (${u.for})`;
}
