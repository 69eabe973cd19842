import { suggestConstraints } from '../../monitor/data-quality/check/index.js';
import {
  type DatasetFormat,
  type DatasetProfile,
  profileDataset,
  statisticsText,
} from '../../monitor/data-quality/profile/index.js';
import type { FeatureStatistics } from '../../monitor/monitor-files.js';
import { storeForUri } from '../../store/index.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { monitorBaselineOptions } from '../spec/monitor-baseline-spec.js';

/** `godwit monitor baseline --dataset URI [--format F] [--header] [--output URI] [--workers N] [--json]`. */
export const monitorBaselineCommand: Handler<typeof monitorBaselineOptions> = {
  async run({ values, io }) {
    const dataset = values.dataset as string;
    const output = values.output ?? './baseline';
    const store = await storeOptionsFor(io, [dataset, output]);
    const profile = await profileDataset(dataset, {
      format: values.format as DatasetFormat | undefined,
      header: values.header === true,
      workers: values.workers === undefined ? undefined : workerCount(values.workers),
      baseDir: io.cwd,
      store,
    });
    const target = await storeForUri(output, store);
    const files = [
      (await target.put('statistics.json', statisticsText(profile.statistics))).key,
      (await target.put('constraints.json', `${JSON.stringify(suggestConstraints(profile.statistics), null, 2)}\n`)).key,
    ].map((key) => target.uri(key));
    if (values.json) json(io, { files, rows: profile.rows, format: profile.format, malformed: profile.malformed });
    else write(io.stdout, summary(profile, files));
    if (profile.malformed.count > 0) {
      const shown = profile.malformed.lines.slice(0, 10).join(', ');
      write(
        io.stderr,
        `warning: skipped ${profile.malformed.count} malformed line(s): ${shown}${profile.malformed.count > 10 ? ', …' : ''}\n`,
      );
    }
    return EXIT.ok;
  },
};

function workerCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--workers must be a whole number from 1 to 64, not "${text}".`);
  return n;
}

function summary(profile: DatasetProfile, files: readonly string[]): string {
  const rows = profile.statistics.features.map(featureRow);
  const head = ['FEATURE', 'TYPE', 'PRESENT', 'MISSING', 'MEAN', 'STD_DEV', 'MIN', 'MAX', 'DISTINCT'];
  return `${table(head, rows)}\n${profile.rows} row(s), ${profile.format}. Wrote ${files.join(' and ')}.\n`;
}

function featureRow(f: FeatureStatistics): string[] {
  const n = f.numerical_statistics;
  const s = f.string_statistics;
  const common = n?.common ?? s?.common;
  const num = (x: number | undefined) => (x === undefined ? '-' : String(Number(x.toPrecision(6))));
  return [
    f.name,
    f.inferred_type,
    String(common?.num_present ?? 0),
    String(common?.num_missing ?? 0),
    num(n?.mean),
    num(n?.std_dev),
    num(n?.min),
    num(n?.max),
    s ? String(s.distinct_count) : '-',
  ];
}
