/**
 * Reading a data-quality run's baseline: `constraints.json` is required (it says what to check),
 * `statistics.json` is optional (without it there is no drift distance, as in SageMaker, where
 * the baseline statistics are what distributions are compared with).
 */
import { GodwitError } from '../../core/errors.js';
import { objectIn, type StoreOptions } from '../../store/index.js';
import type { DataQualityConstraints, DataQualityStatistics } from '../monitor-files.js';
import type { MonitoringJobInput } from '../monitoring-job.js';
import { parseConstraints } from './check/index.js';
import { parseStatistics } from './profile/index.js';

export interface Baseline {
  readonly constraints: DataQualityConstraints;
  readonly statistics?: DataQualityStatistics;
}

export async function readBaseline(baseline: MonitoringJobInput['baseline'], storeOptions?: StoreOptions): Promise<Baseline> {
  if (!baseline?.constraintsUri) {
    throw new GodwitError('E_DQ_BASELINE_MISSING', 'A data-quality run needs a baseline constraints.json and none was given.', {
      hint: 'Run `godwit monitor baseline --dataset URI` and pass its constraints.json (and statistics.json) as the baseline.',
    });
  }
  const constraints = parseConstraints(await readText(baseline.constraintsUri, storeOptions), baseline.constraintsUri);
  const statistics = baseline.statisticsUri
    ? parseStatistics(await readText(baseline.statisticsUri, storeOptions), baseline.statisticsUri)
    : undefined;
  return { constraints, statistics };
}

async function readText(uri: string, storeOptions: StoreOptions | undefined): Promise<string> {
  const { store, key } = await objectIn(uri, storeOptions);
  return (await store.get(key)).toString('utf8');
}
