/**
 * A small real monitoring job for the schedule tests: it reads the endpoint's captured JSON lines
 * in the window (files under `<capture>/<endpoint>/<variant>/yyyy/mm/dd/hh/`, records whose
 * `inferenceTime` is in [start, end)), writes `counts.json` into the execution's output folder and
 * reports the count as metrics. A window with records is "drifted" (one violation), so alarms have
 * something to watch; malformed lines are skipped with `<file>:<line>`.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MonitoringJob, MonitoringJobInput, MonitoringJobResult } from '../../../src/monitor/monitoring-job.js';

const HOUR = 3_600_000;
const two = (n: number) => String(n).padStart(2, '0');
const hourFolder = (t: Date) =>
  `${t.getUTCFullYear()}/${two(t.getUTCMonth() + 1)}/${two(t.getUTCDate())}/${two(t.getUTCHours())}`;

export async function countCaptured(captureUri: string, endpoint: string, start: Date, end: Date) {
  const root = join(fileURLToPath(captureUri), endpoint);
  const skipped: { where: string; reason: string }[] = [];
  let records = 0;
  const variants = await readdir(root).catch(() => [] as string[]);
  for (let h = Math.floor(start.getTime() / HOUR) * HOUR; h < end.getTime(); h += HOUR) {
    for (const variant of variants) {
      const dir = join(root, variant, hourFolder(new Date(h)));
      for (const file of (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl'))) {
        const lines = (await readFile(join(dir, file), 'utf8')).split('\n');
        lines.forEach((line, i) => {
          if (line.trim() === '') return;
          try {
            const at = Date.parse(JSON.parse(line).eventMetadata.inferenceTime);
            if (at >= start.getTime() && at < end.getTime()) records++;
          } catch (err) {
            skipped.push({ where: `${join(dir, file)}:${i + 1}`, reason: (err as Error).message });
          }
        });
      }
    }
  }
  return { records, skipped };
}

async function run(input: MonitoringJobInput): Promise<MonitoringJobResult> {
  if (input.dataset.kind !== 'capture') throw new Error('the line-count job reads endpoint capture only');
  const { captureUri, endpointName, start, end } = input.dataset;
  const { records, skipped } = await countCaptured(captureUri, endpointName, start, end);
  const folder = fileURLToPath(input.outputUri);
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'counts.json');
  await writeFile(file, JSON.stringify({ start: start.toISOString(), end: end.toISOString(), records, config: input.config }));
  return {
    status: records > 0 ? 'CompletedWithViolations' : 'Completed',
    violationCount: records > 0 ? 1 : 0,
    files: [pathToFileURL(file).href],
    metrics: [
      { name: 'feature_baseline_drift_records', value: records > 0 ? 0.5 : 0 },
      { name: 'feature_non_null_records', value: records },
    ],
    skipped,
  };
}

export const lineCountJob: MonitoringJob = { type: 'DataQuality', run };

/** A kind whose every run throws, as a job with a bug would: the schedule must keep running. */
export const throwingJob: MonitoringJob = {
  type: 'ModelQuality',
  run: async () => {
    throw new Error('ground truth could not be merged (the test job always throws)');
  },
};
