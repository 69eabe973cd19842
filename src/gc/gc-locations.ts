import { normalizeUri, toFileUri } from '../core/uri.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { type StoreOptions, storeForUri } from '../store/index.js';

/**
 * Where a run's artifact lives, read off its URI: every run writes its outputs to
 * `<store root>/runs/<run>/<step>/<output>/` (runtime/artifact-io.ts `collectOutput`), in whichever
 * store it was configured with then. gc only ever removes what sits in that layout, so data a
 * pipeline merely read (a user's bucket, a local file) can never be taken for a run's output.
 */
export interface RunLayout {
  /** The store root, canonical (`s3://bucket/prefix`, `file:///…/artifacts`). */
  readonly root: string;
  readonly runId: string;
  readonly step: string;
  readonly name: string;
  /** `runs/<run>/<step>/<output>/`, the key prefix under `root`. */
  readonly key: string;
}

const LAYOUT = /^(.+?)\/runs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

export function runLayout(uri: string): RunLayout | undefined {
  const m = LAYOUT.exec(canonical(uri));
  if (!m) return undefined;
  const [, root, runId, step, name] = m;
  return { root, runId, step, name, key: `runs/${runId}/${step}/${name}/` };
}

/** One spelling per place, for comparing: parsed and formatted (`file:` paths percent-encoded), no trailing `/`. */
export function canonical(uri: string): string {
  let out = uri;
  try {
    out = normalizeUri(uri);
  } catch {
    // Not a URI Godwit can parse (an http:// model URL, say): compared as it is.
  }
  return out.replace(/\/+$/, '');
}

export const fileRoot = (path: string) => canonical(toFileUri(path));

/** Stores by root, opened once each with the caller's S3/GCS settings. */
export class StoreCache {
  private readonly stores = new Map<string, Promise<ArtifactStore>>();

  constructor(readonly options: StoreOptions = {}) {}

  get(root: string): Promise<ArtifactStore> {
    let store = this.stores.get(root);
    if (!store) {
      store = storeForUri(root, this.options);
      this.stores.set(root, store);
    }
    return store;
  }
}

/**
 * What needs a URI, by URI: `add` a place (an object, or a prefix that covers everything under
 * it) with a reason; `reasonsFor` an object gives the reasons of every place that covers it.
 */
export class Needs {
  private readonly byUri = new Map<string, Set<string>>();

  add(uri: string, reason: string): void {
    const key = canonical(uri);
    let reasons = this.byUri.get(key);
    if (!reasons) {
      reasons = new Set();
      this.byUri.set(key, reasons);
    }
    reasons.add(reason);
  }

  reasonsFor(objectUri: string): string[] {
    const uri = canonical(objectUri);
    const found = new Set<string>();
    for (let end = uri.length; end > 0; end = uri.lastIndexOf('/', end - 1)) {
      for (const r of this.byUri.get(uri.slice(0, end)) ?? []) found.add(r);
    }
    return [...found];
  }
}
