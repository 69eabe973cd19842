import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFileUri } from '../core/uri.js';
import type { GcContext, GcOptions } from './gc-context.js';
import { StoreCache } from './gc-locations.js';
import { planGc } from './gc-plan.js';
import type { GcEntry, GcPlan } from './gc-records.js';

export interface GcReport extends GcPlan {
  /** True for the dry run (the default): nothing was removed. */
  readonly dryRun: boolean;
  /** Entries of an earlier gc that had stopped midway, now closed. */
  readonly finishedEarlier: number;
}

/**
 * `godwit gc`: the plan (planGc), and with `yes` its removal. The order is what makes it
 * crash-safe: the journal entries (and the lineage nodes' `gcState: removing`) are committed
 * before the first file is touched; each item is marked `removed` once all its objects are gone.
 * A gc that dies in between leaves entries still `removing` — the record of what may be half
 * gone — and the next gc finishes them first (gc-candidates.ts `unfinishedCandidates`).
 */
export async function collectGarbage(ctx: GcContext, options: GcOptions & { yes?: boolean } = {}): Promise<GcReport> {
  const stores = new StoreCache(ctx.artifacts.options);
  const earlier = await ctx.metadata.gc.pending();
  const plan = await planGc(ctx, options, stores);
  if (!options.yes) return { ...plan, dryRun: true, finishedEarlier: 0 };
  const entries = await ctx.metadata.gc.begin(plan.remove, ctx.actor);
  for (const entry of entries) {
    await removeEntry(stores, entry);
    await ctx.metadata.gc.finish([entry.id], 'removed');
  }
  // An earlier entry whose objects this plan kept (something needs them since) stopped there.
  const stillThere = new Set(plan.keep.map((k) => k.uri));
  const stopped = earlier.filter((e) => stillThere.has(e.uri)).map((e) => e.id);
  await ctx.metadata.gc.finish(
    earlier.map((e) => e.id).filter((id) => !stopped.includes(id)),
    'removed',
  );
  await ctx.metadata.gc.finish(stopped, 'stopped');
  return { ...plan, dryRun: false, finishedEarlier: earlier.length };
}

/** Removes an entry's objects; deleting what is gone already is no error, so a second try finishes the first. */
export async function removeEntry(stores: StoreCache, entry: GcEntry): Promise<void> {
  if (entry.kind === 'run-folder') {
    const dir = fromFileUri(entry.root);
    if (entry.kept === 0) await rm(dir, { recursive: true, force: true });
    else for (const o of entry.objects) await rm(join(dir, ...o.key.split('/')), { force: true });
    return;
  }
  const store = await stores.get(entry.root);
  for (const o of entry.objects) await store.delete(o.key);
}
