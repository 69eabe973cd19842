/**
 * A data-quality run's data, profiled: a data set by URI as it is, or a capture window. A capture
 * window's records (the capture reader lists only the hour folders overlapping it and yields
 * only records whose `inferenceTime` falls in it) are written as capture lines to a temporary
 * file the profiler reads, so the window is profiled exactly as a baseline of capture files is.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreOptions } from '../../store/index.js';
import { scanCapture } from '../capture-reader/index.js';
import type { MonitoringDataset } from '../monitoring-job.js';
import type { ProfiledData } from './data-quality-job.js';
import { type DatasetProfile, profileDataset } from './profile/index.js';

type Skipped = { where: string; reason: string };

/** Flush the window's lines to the file in chunks, so a long window is never held whole. */
const FLUSH_EVERY = 10_000;

export async function profileWindow(dataset: MonitoringDataset, storeOptions?: StoreOptions): Promise<ProfiledData> {
  if (dataset.kind === 'dataset') {
    const profile = await profileDataset(dataset.uri, { format: dataset.format, header: dataset.header, store: storeOptions });
    return profiled(profile, (line) => line);
  }
  const dir = mkdtempSync(join(tmpdir(), 'godwit-dq-window-'));
  try {
    const file = join(dir, 'window.jsonl');
    const { wheres, skipped } = await writeWindow(dataset, file, storeOptions);
    if (wheres.length === 0) return { statistics: { version: 0, dataset: { item_count: 0 }, features: [] }, skipped };
    const profile = await profileDataset(file, { format: 'capture' });
    // The profiler numbers the temporary file's lines; point back at the captured object's line.
    const result = profiled(profile, (where) => wheres[Number(where.slice(where.lastIndexOf(':') + 1)) - 1] ?? where);
    return { ...result, skipped: [...skipped, ...result.skipped] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeWindow(
  dataset: Extract<MonitoringDataset, { kind: 'capture' }>,
  file: string,
  storeOptions: StoreOptions | undefined,
): Promise<{ wheres: string[]; skipped: Skipped[] }> {
  const scan = scanCapture({
    captureUri: dataset.captureUri,
    endpointName: dataset.endpointName,
    start: dataset.start,
    end: dataset.end,
    storeOptions,
  });
  const wheres: string[] = [];
  const noInput: Skipped[] = [];
  let lines: string[] = [];
  for await (const record of scan.records()) {
    if (!record.input) {
      noInput.push({ where: record.where, reason: 'the record has no captured input (endpointInput)' });
      continue;
    }
    const { eventId, inferenceTime } = record;
    lines.push(JSON.stringify({ captureData: { endpointInput: record.input }, eventMetadata: { eventId, inferenceTime } }));
    wheres.push(record.where);
    if (lines.length >= FLUSH_EVERY) {
      appendFileSync(file, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`);
  return { wheres, skipped: [...scan.skipped, ...noInput] };
}

function profiled(profile: DatasetProfile, whereOf: (line: string) => string): ProfiledData {
  return {
    statistics: profile.statistics,
    skipped: profile.malformed.lines.map((line) => ({ where: whereOf(line), reason: 'malformed: not a row of the data set' })),
    typeCounts: new Map(
      profile.columns.map((c) => [c.name, { integral: c.integral, fractional: c.fractional, string: c.strings }]),
    ),
  };
}
