/**
 * Channels, the way SageMaker hands data to a training container: a channel is a folder (an S3
 * prefix copied to `/opt/ml/input/data/<channel>/`), and the algorithm reads every file in it.
 * Vertex AI instead gives a file or a wildcard (`AIP_TRAINING_DATA_URI=/gcs/b/data/train-*`),
 * so a source may also be one file or a folder plus a `*` pattern in the last segment.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { concatTables, type ParsedCsv, readNumericCsv } from './csv.js';
import { listFiles } from './files.js';

/**
 * The data files of a channel, sorted by path. In a folder (searched recursively, as an S3 prefix
 * holds nested keys) the `*.csv` files are read when there are any, otherwise every file; hidden
 * files (`.DS_Store`, `.checksums`) are always skipped.
 */
export async function channelFiles(name: string, source: string): Promise<string[]> {
  if (basename(source).includes('*')) return globFiles(name, source);
  const info = await stat(source).catch(() => undefined);
  if (!info) {
    throw new GodwitError('E_CHANNEL', `Channel "${name}": ${source} does not exist.`, {
      hint: 'Point the channel at a folder (or file) holding headerless CSV.',
    });
  }
  if (info.isFile()) return [source];
  const all = await listFiles(source);
  const csv = all.filter((f) => f.toLowerCase().endsWith('.csv'));
  const files = csv.length > 0 ? csv : all;
  if (files.length === 0) {
    throw new GodwitError('E_CHANNEL', `Channel "${name}": the folder ${source} has no data files.`, {
      hint: 'Put one or more headerless CSV files in the channel folder.',
    });
  }
  return files;
}

async function globFiles(name: string, pattern: string): Promise<string[]> {
  const dir = dirname(pattern);
  const re = new RegExp(`^${basename(pattern).split('*').map(escapeRegExp).join('.*')}$`);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && re.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
  if (files.length === 0) {
    throw new GodwitError('E_CHANNEL', `Channel "${name}": no file matches ${pattern}.`, {
      hint: 'Check the data URI; the pattern may use * in its last segment only.',
    });
  }
  return files;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads every data file of a channel into one table (same column count required). */
export async function readChannel(name: string, source: string): Promise<ParsedCsv> {
  const files = await channelFiles(name, source);
  const tables: ParsedCsv[] = [];
  for (const file of files) tables.push(await readNumericCsv(file));
  return concatTables(tables);
}
