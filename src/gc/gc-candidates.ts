import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { fromFileUri } from '../core/uri.js';
import type { LineageAssociation } from '../lineage/lineage-records.js';
import type { RunDeletion } from '../meta/metadata-store.js';
import type { ObjectInfo } from '../store/artifact-store.js';
import type { GcContext } from './gc-context.js';
import { canonical, fileRoot, runLayout, type StoreCache } from './gc-locations.js';
import type { GcEntry, GcObject, GcReason } from './gc-records.js';

/** A place gc may remove, with every object there (before what is needed is taken out). */
export interface Candidate {
  readonly uri: string;
  readonly kind: 'artifact' | 'run-folder';
  readonly reason: GcReason;
  readonly runId?: string;
  readonly root: string;
  readonly objects: readonly GcObject[];
  readonly sameAs?: string;
}

/**
 * A deleted run's files: every object under `runs/<run>/` in the configured store, in the home's
 * `artifacts/` folder and in every store its artifact records name (a run moved to another store),
 * one candidate per `runs/<run>/<step>/<output>/`; and its run folder in the home.
 */
export async function deletedRunCandidates(
  ctx: GcContext,
  stores: StoreCache,
  deletions: readonly RunDeletion[],
): Promise<Candidate[]> {
  if (deletions.length === 0) return [];
  const configured = ctx.artifacts.uri ? canonical(ctx.artifacts.uri) : fileRoot(ctx.home.artifactsDir);
  const recordedRoots = new Map<string, Set<string>>();
  for (const a of await ctx.metadata.store.listArtifactLocations('deleted')) {
    const layout = runLayout(a.uri);
    if (!layout || layout.runId !== a.runId) continue;
    if (!recordedRoots.has(a.runId)) recordedRoots.set(a.runId, new Set());
    recordedRoots.get(a.runId)?.add(layout.root);
  }
  const out: Candidate[] = [];
  for (const d of deletions) {
    const roots = new Set([configured, fileRoot(ctx.home.artifactsDir), ...(recordedRoots.get(d.runId) ?? [])]);
    for (const root of roots) {
      const store = await stores.get(root);
      const objects = await store.list(`runs/${d.runId}/`);
      for (const [prefix, group] of groupByOutput(objects)) {
        out.push({
          uri: `${store.uri(prefix.slice(0, -1))}/`,
          kind: 'artifact',
          reason: 'deleted-run',
          runId: d.runId,
          root,
          objects: group.map((o) => ({ key: o.key, uri: store.uri(o.key), size: o.size })),
        });
      }
    }
    const folder = await runFolder(ctx, d.runId);
    if (folder) out.push(folder);
  }
  return out;
}

/** Objects by `runs/<run>/<step>/<output>/` (shallower keys by their own folder). */
function groupByOutput(objects: readonly ObjectInfo[]): Map<string, ObjectInfo[]> {
  const groups = new Map<string, ObjectInfo[]>();
  for (const o of objects) {
    const parts = o.key.split('/');
    const prefix = `${parts.slice(0, Math.min(4, parts.length - 1)).join('/')}/`;
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix)?.push(o);
  }
  return groups;
}

/** The run's folder in the home (its workspace, logs and parameters), when it is still there. */
async function runFolder(ctx: GcContext, runId: string): Promise<Candidate | undefined> {
  const run = await ctx.metadata.store.getRun(runId);
  // Only a folder named for the run: a record naming some other folder is not gc's to remove.
  const dir = run?.runDir && basename(run.runDir) === runId ? run.runDir : join(ctx.home.runsDir, runId);
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return undefined;
  const root = fileRoot(dir);
  const objects: GcObject[] = [];
  for (const path of await filesUnder(dir)) {
    const key = relative(dir, path).split(sep).join('/');
    objects.push({ key, uri: fileRoot(path), size: (await stat(path)).size });
  }
  return { uri: `${root}/`, kind: 'run-folder', reason: 'deleted-run', runId, root, objects };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/**
 * Old copies a move left behind: for each lineage edge old --SameAs--> new that Godwit recorded
 * (`godwit runs move`), the old artifact's objects, when the old URI is a run output's place and
 * the new copy has objects (gc never removes the last copy).
 */
export async function supersededCandidates(ctx: GcContext, stores: StoreCache, before: Date): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const edge of await sameAsEdges(ctx)) {
    if (edge.createdAt >= before) continue;
    const [old, replacement] = await Promise.all([
      ctx.metadata.lineage.get(edge.sourceArn),
      ctx.metadata.lineage.get(edge.destinationArn),
    ]);
    if (old?.kind !== 'Artifact' || old.createdBy !== 'godwit' || !old.sourceUri || !replacement?.sourceUri) continue;
    const layout = runLayout(old.sourceUri);
    if (!layout || canonical(old.sourceUri) === canonical(replacement.sourceUri)) continue;
    if (!(await hasObjects(stores, replacement.sourceUri))) continue;
    const store = await stores.get(layout.root);
    const objects = await store.list(layout.key);
    if (objects.length === 0) continue;
    out.push({
      uri: `${store.uri(layout.key.slice(0, -1))}/`,
      kind: 'artifact',
      reason: 'superseded',
      runId: layout.runId,
      root: layout.root,
      objects: objects.map((o) => ({ key: o.key, uri: store.uri(o.key), size: o.size })),
      sameAs: replacement.sourceUri,
    });
  }
  return out;
}

async function sameAsEdges(ctx: GcContext): Promise<LineageAssociation[]> {
  const edges: LineageAssociation[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.metadata.lineage.listAssociations({
      type: 'SameAs',
      maxResults: 100,
      nextToken,
      sortOrder: 'Ascending',
    });
    edges.push(...page.associations);
    nextToken = page.nextToken;
  } while (nextToken);
  return edges;
}

/** Whether anything is at a URI (an object, or objects under a prefix) in a store gc can open. */
async function hasObjects(stores: StoreCache, uri: string): Promise<boolean> {
  const layout = runLayout(uri);
  try {
    if (layout) return (await (await stores.get(layout.root)).list(layout.key)).length > 0;
    const { objectIn } = await import('../store/index.js');
    const { store, key } = await objectIn(uri, stores.options);
    return (await store.list(key)).length > 0;
  } catch {
    // A store gc cannot reach is not proof the copy is there.
    return false;
  }
}

/** What a gc that stopped midway left: its journal entries still `removing`, with the objects still there. */
export async function unfinishedCandidates(stores: StoreCache, pending: readonly GcEntry[]): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const entry of pending) {
    const objects: GcObject[] = [];
    if (entry.kind === 'run-folder') {
      for (const o of entry.objects) {
        const path = join(fromFileUri(entry.root), ...o.key.split('/'));
        if (await stat(path).catch(() => undefined)) objects.push(o);
      }
    } else {
      const store = await stores.get(entry.root);
      for (const o of entry.objects) if (await store.head(o.key)) objects.push(o);
    }
    if (objects.length > 0) out.push({ ...entry, reason: 'unfinished', objects });
  }
  return out;
}
