/**
 * The object-store half of `unload` on BigQuery: BigQuery's `EXPORT DATA` writes the files itself,
 * straight into the bucket, so Godwit checks the prefix before (refusing one that holds objects
 * unless `allowOverwrite`), and after the export lists what was written, removes what an overwrite
 * left stale, and writes Redshift's manifest when asked. If the export fails, the files it wrote
 * under an empty prefix are removed, so nothing half-written is left for a reader to take as data.
 *
 * Unlike the warehouses that write through Godwit's store, BigQuery's files appear one by one as
 * it writes them: a reader listing the prefix during the export can see some of them.
 */
import { GodwitError } from '../../core/errors.js';
import type { ObjectInfo } from '../../store/artifact-store.js';
import type { StatementCost, StoreResolver, UnloadResult, UnloadTarget } from '../warehouse.js';

const MANIFEST = 'manifest';

export async function unloadTo(
  stores: StoreResolver,
  target: UnloadTarget,
  run: () => Promise<StatementCost>,
): Promise<UnloadResult> {
  const { store, key: prefix } = await stores(target.uri);
  const before = await store.list(prefix);
  if (before.length > 0 && !target.allowOverwrite) {
    throw new GodwitError(
      'E_UNLOAD_NOT_EMPTY',
      `Refusing to unload to ${target.uri}: it already holds ${before.length} object(s), such as ${store.uri(before[0]!.key)}.`,
      {
        hint: 'Unload to a fresh prefix, delete the old files, or pass allowOverwrite to replace them.',
      },
    );
  }
  let cost: StatementCost;
  try {
    cost = await run();
  } catch (err) {
    // Under a prefix that was empty, everything there now is this export's partial output.
    if (before.length === 0)
      for (const o of await store.list(prefix).catch(() => [])) await store.delete(o.key).catch(() => undefined);
    throw err;
  }
  const after = await store.list(prefix);
  const stale = new Set(before.filter((o) => after.some((a) => same(a, o))).map((o) => o.key));
  for (const key of stale) await store.delete(key);
  const files = after
    .filter((o) => !stale.has(o.key) && o.key !== prefix + MANIFEST)
    .map((o) => ({ uri: store.uri(o.key), size: o.size }));
  let manifestUri: string | undefined;
  if (target.manifest) {
    const entries = files.map((f) => ({ url: f.uri, meta: { content_length: f.size } }));
    await store.put(prefix + MANIFEST, `${JSON.stringify({ entries }, null, 2)}\n`);
    manifestUri = store.uri(prefix + MANIFEST);
  }
  return {
    ...cost,
    filesWritten: files.length,
    bytesWritten: files.reduce((n, f) => n + f.size, 0),
    files,
    ...(manifestUri ? { manifestUri } : {}),
  };
}

/** The same object, untouched by the export: same key, bytes and modification time. */
function same(a: ObjectInfo, b: ObjectInfo): boolean {
  return a.key === b.key && a.sha256 === b.sha256 && a.modified.getTime() === b.modified.getTime();
}
