/**
 * The one rule for finding a model's metrics report, shared by the pipeline's register step and
 * `godwit models register`: a report is a JSON file; given a folder (an artifact), it is the first
 * `.json` file in sorted path order, at any depth, the way the artifact's manifest lists files.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { GodwitError } from '../core/errors.js';
import { fromFileUri } from '../core/uri.js';
import { walkFiles } from '../store/walk-files.js';

/** The report's path among a folder's files (relative, `/`-separated), or undefined when none is JSON. */
export function pickMetricsFile(paths: readonly string[]): string | undefined {
  return [...paths].filter((p) => p.endsWith('.json')).sort()[0];
}

/** Parses a report's bytes; `where` names it in the error. */
export function parseMetricsReport(bytes: Buffer | string, where: string): unknown {
  try {
    return JSON.parse(bytes.toString());
  } catch {
    throw new GodwitError('E_DATA_FORMAT', `Metrics report ${where} is not valid JSON.`, {
      hint: 'A metrics report is a JSON document, like the evaluation report a SageMaker pipeline writes.',
    });
  }
}

/** A report at a local path or `file://` URI, a file or a folder; `{ uri }` says which file was read. */
export async function readLocalMetricsReport(uri: string): Promise<{ report: unknown; uri: string }> {
  const path = uri.startsWith('file://') ? fromFileUri(uri) : uri;
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new GodwitError('E_INPUT_MISSING', `Metrics report ${uri} does not exist.`);
  if (!info.isDirectory()) return { report: parseMetricsReport(await readFile(path), uri), uri };
  const real = await realpath(path);
  const files = await walkFiles({ path: '', real }, { boundary: real });
  const chosen = pickMetricsFile(files.map((f) => f.path));
  if (!chosen) throw new GodwitError('E_INPUT_MISSING', `Metrics folder ${uri} holds no .json report.`);
  const file = files.find((f) => f.path === chosen);
  const where = `${uri.replace(/\/$/, '')}/${chosen}`;
  return { report: parseMetricsReport(await readFile(file?.real ?? ''), where), uri: where };
}
