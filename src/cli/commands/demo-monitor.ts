import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GodwitHome } from '../../core/home.js';
import { suggestConstraints } from '../../monitor/data-quality/check/index.js';
import { profileDataset, statisticsText } from '../../monitor/data-quality/profile/index.js';
import type { RunReport } from '../../runs/run-report.js';
import { stageModelData } from '../../serving/model-data.js';
import type { StoreOptions } from '../../store/index.js';

/** What the demo tells the user to watch its endpoint with: the baseline it wrote and where capture and reports go. */
export interface DemoMonitoring {
  readonly baselineDir: string;
  readonly rows: number;
  readonly captureUri: string;
  readonly reportsUri: string;
  readonly statisticsUri: string;
  readonly constraintsUri: string;
}

/**
 * The demo's data-quality baseline: the training set's features (each row without its label, the
 * first column, so the columns are `_c0`, `_c1`, … as in the endpoint's captured CSV requests)
 * profiled into `statistics.json` and the constraints suggested from it, written to
 * `<home>/demo/abalone/baseline/`, the baseline a monitoring schedule on the demo's endpoint
 * checks captured traffic against. `work` is a scratch folder the caller removes.
 */
export async function writeDemoBaseline(
  report: RunReport,
  home: GodwitHome,
  storeOptions: StoreOptions,
  work: string,
): Promise<DemoMonitoring | undefined> {
  const train = report.artifacts.find((a) => a.step === 'preprocess' && a.name === 'train');
  if (!train) return undefined;
  const staged = join(work, 'train');
  await stageModelData(train.uri, staged, { home, storeOptions });
  const lines: string[] = [];
  for (const file of train.files) {
    const text = await readFile(join(staged, file.path), 'utf8');
    for (const line of text.split('\n')) if (line.trim() !== '') lines.push(line.slice(line.indexOf(',') + 1));
  }
  const features = join(work, 'features.csv');
  await writeFile(features, `${lines.join('\n')}\n`);
  const { statistics, rows } = await profileDataset(features, { format: 'csv', header: false });
  const demoDir = join(home.root, 'demo', 'abalone');
  const baselineDir = join(demoDir, 'baseline');
  await mkdir(baselineDir, { recursive: true });
  await writeFile(join(baselineDir, 'statistics.json'), statisticsText(statistics));
  await writeFile(join(baselineDir, 'constraints.json'), `${JSON.stringify(suggestConstraints(statistics), null, 2)}\n`);
  const uri = (path: string) => pathToFileURL(join(demoDir, path)).href;
  return {
    baselineDir,
    rows,
    captureUri: `${uri('capture')}/`,
    reportsUri: `${uri('reports')}/`,
    statisticsUri: uri('baseline/statistics.json'),
    constraintsUri: uri('baseline/constraints.json'),
  };
}

/** The commands that put the demo's endpoint under an hourly data-quality schedule, and read its reports. */
export function monitoringLines(m: DemoMonitoring): string[] {
  return [
    '',
    `Watch its traffic for drift (a data-quality baseline of the ${m.rows} training rows is in ${m.baselineDir}):`,
    `  godwit monitor schedule create abalone-hourly --endpoint abalone --output ${m.reportsUri} --statistics ${m.statisticsUri} --constraints ${m.constraintsUri}`,
    '  godwit monitor executions abalone-hourly',
    `  godwit monitor report <an execution's folder under ${m.reportsUri}> --baseline ${m.baselineDir}`,
  ];
}
