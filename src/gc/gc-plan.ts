import { type Candidate, deletedRunCandidates, supersededCandidates, unfinishedCandidates } from './gc-candidates.js';
import type { GcContext, GcOptions } from './gc-context.js';
import { StoreCache } from './gc-locations.js';
import { collectNeeds } from './gc-needs.js';
import type { GcItem, GcKept, GcObject, GcPlan } from './gc-records.js';

/**
 * What gc would remove and what it keeps, and why: the dry run's answer, and exactly what
 * `--yes` then removes. Reads only. Candidates are a deleted run's files, old copies a move
 * replaced, and what a stopped gc left (gc-candidates.ts); from each, every object something
 * still needs is kept (gc-needs.ts). An object is one candidate's at most (the first to name it).
 */
export async function planGc(
  ctx: GcContext,
  options: GcOptions = {},
  stores = new StoreCache(ctx.artifacts.options),
): Promise<GcPlan> {
  const before = new Date(ctx.clock.now().getTime() - (options.olderThanMs ?? 0));
  const deletions = await ctx.metadata.store.listRunDeletions();
  const due = deletions.filter((d) => d.deletedAt <= before);
  const candidates = dedupe([
    ...(await unfinishedCandidates(stores, await ctx.metadata.gc.pending())),
    ...(await deletedRunCandidates(ctx, stores, due)),
    ...(await supersededCandidates(ctx, stores, before)),
  ]);
  // Every deleted run's lineage is dead, not only the runs old enough to collect now.
  const needs = await collectNeeds(ctx, deletions, candidates);
  const remove: GcItem[] = [];
  const keep: GcKept[] = [];
  for (const c of candidates) {
    const gone: GcObject[] = [];
    const stays: GcObject[] = [];
    const because = new Set<string>();
    for (const o of c.objects) {
      const reasons = needs.reasonsFor(o.uri);
      if (reasons.length === 0) gone.push(o);
      else {
        stays.push(o);
        for (const r of reasons) because.add(r);
      }
    }
    if (gone.length > 0) remove.push({ ...c, objects: gone, bytes: total(gone), kept: stays.length });
    if (stays.length > 0)
      keep.push({ uri: c.uri, runId: c.runId, objects: stays.length, bytes: total(stays), because: [...because] });
  }
  return {
    remove,
    keep,
    objects: remove.reduce((n, i) => n + i.objects.length, 0),
    bytes: remove.reduce((n, i) => n + i.bytes, 0),
  };
}

const total = (objects: readonly GcObject[]) => objects.reduce((n, o) => n + o.size, 0);

function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of candidates) {
    const objects = c.objects.filter((o) => !seen.has(o.uri));
    for (const o of objects) seen.add(o.uri);
    if (objects.length > 0) out.push({ ...c, objects });
  }
  return out;
}
