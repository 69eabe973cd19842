/**
 * The store half of UNLOAD, shared by every warehouse that writes its files locally first (DuckDB,
 * PostgreSQL offline): refuse a prefix that holds objects, then publish complete local files under
 * Redshift's names (`0000_part_00.csv`), replace what an overwrite replaces, and write the
 * manifest last. Files reach the prefix only after the query has finished writing every one of
 * them, so a query that fails midway publishes nothing; an upload that fails midway removes what
 * it had uploaded (with `allowOverwrite`, an old object of the same name is already replaced).
 */
import { GodwitError } from '../core/errors.js';
import { compareUtf8 } from '../core/hash.js';
import type { ArtifactStore, ObjectInfo } from '../store/artifact-store.js';
import { mapLimit } from '../store/map-limit.js';
import { checkObjectUri } from './object-uris.js';
import type { Column, DataFormat, StoreResolver, UnloadTarget } from './warehouse.js';

const UPLOADS_IN_FLIGHT = 4;
const EXTENSIONS: Record<DataFormat, string> = { csv: 'csv', parquet: 'parquet', jsonl: 'json' };

/** Where an UNLOAD goes, checked before the query runs. */
export interface UnloadPlan {
  readonly target: UnloadTarget;
  readonly store: ArtifactStore;
  readonly prefixKey: string;
  readonly existing: readonly ObjectInfo[];
}

/** Resolves the prefix and refuses one that holds objects (E_UNLOAD_NOT_EMPTY) unless `allowOverwrite`. */
export async function planUnload(stores: StoreResolver, target: UnloadTarget): Promise<UnloadPlan> {
  const { store, key } = await stores(checkObjectUri(target.uri));
  const existing = await store.list(key);
  if (existing.length > 0 && !target.allowOverwrite) {
    throw new GodwitError(
      'E_UNLOAD_NOT_EMPTY',
      `UNLOAD to ${target.uri} refused: ${existing.length} object(s) are already there (${store.uri(existing[0].key)}…).`,
      {
        hint: 'Unload to an empty prefix, or pass allowOverwrite (ALLOWOVERWRITE) to replace them.',
      },
    );
  }
  return { target, store, prefixKey: key, existing };
}

/** Redshift's file name for slice `slice`, part `part`: `0001_part_00.parquet`. */
export function unloadFileName(slice: number, part: number, format: DataFormat): string {
  return `${String(slice).padStart(4, '0')}_part_${String(part).padStart(2, '0')}.${EXTENSIONS[format]}`;
}

export interface LocalUnloadFile {
  readonly path: string;
  /** The name under the prefix, from `unloadFileName`. */
  readonly name: string;
}

export interface Published {
  readonly files: { uri: string; size: number }[];
  readonly manifestUri?: string;
  readonly bytesWritten: number;
}

/** Uploads `files` under the plan's prefix, removes replaced objects, writes the manifest. */
export async function publishUnload(
  plan: UnloadPlan,
  files: readonly LocalUnloadFile[],
  facts: { rows?: number; columns?: readonly Column[] },
): Promise<Published> {
  const { store, prefixKey } = plan;
  const uploaded: ObjectInfo[] = [];
  try {
    await mapLimit(files, UPLOADS_IN_FLIGHT, async (f) => {
      uploaded.push(await store.putFile(`${prefixKey}${f.name}`, f.path));
    });
  } catch (err) {
    await Promise.allSettled(uploaded.map((o) => store.delete(o.key)));
    throw err;
  }
  uploaded.sort((a, b) => compareUtf8(a.key, b.key));
  const manifestKey = `${prefixKey}manifest`;
  const kept = new Set([...uploaded.map((o) => o.key), ...(plan.target.manifest ? [manifestKey] : [])]);
  await mapLimit(
    plan.existing.filter((o) => !kept.has(o.key)),
    UPLOADS_IN_FLIGHT,
    (o) => store.delete(o.key),
  );
  const out = uploaded.map((o) => ({ uri: store.uri(o.key), size: o.size }));
  const bytesWritten = out.reduce((sum, f) => sum + f.size, 0);
  if (!plan.target.manifest) return { files: out, bytesWritten };
  const manifest = await store.put(manifestKey, `${JSON.stringify(manifestOf(out, facts), null, 1)}\n`);
  return { files: out, manifestUri: store.uri(manifestKey), bytesWritten: bytesWritten + manifest.size };
}

/** The JSON Redshift's `UNLOAD … MANIFEST VERBOSE` writes: entries with sizes, schema, totals. */
function manifestOf(files: readonly { uri: string; size: number }[], facts: { rows?: number; columns?: readonly Column[] }) {
  return {
    entries: files.map((f) => ({ url: f.uri, meta: { content_length: f.size } })),
    ...(facts.columns
      ? { schema: { elements: facts.columns.map((c) => ({ name: c.name, type: { base: c.type.toLowerCase() } })) } }
      : {}),
    meta: {
      content_length: files.reduce((sum, f) => sum + f.size, 0),
      ...(facts.rows === undefined ? {} : { record_count: facts.rows }),
    },
    author: { name: 'Godwit', version: '1.0.0' },
  };
}
