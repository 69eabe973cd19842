/**
 * Where an export's files go: the folder its URI names, through Godwit's stores (`gs://`, `s3://`,
 * `file://`). As BigQuery does, an export into a folder that already holds files writes over
 * files of the same name; files an earlier export wrote and this one does not (a boosted tree's
 * `model.bst` under a network's export, old `assets/`) are removed afterwards, so the folder
 * describes one model. Other objects are left alone. If an upload fails, the files this export
 * had added are removed again (a file it had already replaced cannot be brought back).
 */

import { checkObjectUri } from '../object-uris.js';
import type { StoreResolver } from '../warehouse.js';
import { EXPORTED_MODEL_FILE } from './bqml-export-model.js';

/** One file of an export, built in memory. */
export interface ExportFile {
  /** Relative to the export's folder. */
  readonly path: string;
  readonly data: string | Buffer;
}

/** Files an export may write at the top of its folder; anything under `assets/` is an export's too. */
const EXPORT_NAMES = new Set([EXPORTED_MODEL_FILE, 'xgboost-model.json', 'model.bst', 'model.onnx']);

export interface Published {
  readonly files: number;
  readonly bytes: number;
}

export async function publishExport(stores: StoreResolver, uri: string, files: readonly ExportFile[]): Promise<Published> {
  const folder = uri.endsWith('/') ? uri : `${uri}/`;
  const { store, key } = await stores(checkObjectUri(folder));
  const before = await store.list(key);
  const existed = new Set(before.map((o) => o.key));
  const added: string[] = [];
  let bytes = 0;
  try {
    for (const f of files) {
      const info = await store.put(`${key}${f.path}`, f.data);
      if (!existed.has(info.key)) added.push(info.key);
      bytes += info.size;
    }
  } catch (err) {
    await Promise.allSettled(added.map((k) => store.delete(k)));
    throw err;
  }
  const written = new Set(files.map((f) => `${key}${f.path}`));
  const stale = before.filter((o) => !written.has(o.key) && isExportFile(o.key.slice(key.length)));
  await Promise.all(stale.map((o) => store.delete(o.key)));
  return { files: files.length, bytes };
}

function isExportFile(relative: string): boolean {
  return EXPORT_NAMES.has(relative) || relative.startsWith('assets/');
}
