/**
 * Data-quality profiling: a data set to Model Monitor's `statistics.json` (docs/monitoring.md,
 * "Baselines and profiling").
 */
export { ColumnProfile } from './column-profile.js';
export { KLL_SHRINKING_FACTOR, KLL_SKETCH_SIZE, KllSketch, WeightedItems } from './kll-sketch.js';
export {
  DATASET_FORMATS,
  type DatasetFormat,
  type DatasetProfile,
  type ProfileOptions,
  profileDataset,
} from './profile-dataset.js';
export {
  CATEGORICAL_BUCKETS,
  featureStatistics,
  HISTOGRAM_BUCKETS,
  histogram,
  inferredType,
  statisticsOf,
} from './profile-statistics.js';
export { parseStatistics, statisticsText } from './statistics-file.js';
