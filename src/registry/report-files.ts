/**
 * The report files a registration attaches (SageMaker's `ModelMetrics`: model quality, data
 * quality, bias, explainability), each read once through the artifact store at registration for
 * its digest (SageMaker's `ContentDigest`, here `sha256:<hex>`), wherever it is (`file://`, a
 * local path, `s3://`, `gs://`). A file that cannot be read is recorded by URI alone, as
 * SageMaker records a report it is not given the digest of; a digest the caller gave is kept.
 *
 * The model quality statistics are also the version's metrics when it was given no metrics
 * report: Model Monitor's statistics and a pipeline's evaluation report spell metrics alike
 * (`regression_metrics.mse.value`), so approval rules read either.
 */
import { createHash } from 'node:crypto';
import { normalizeUri } from '../core/uri.js';
import { objectIn, type StoreOptions } from '../store/index.js';
import type { MetricsSource, ModelMetrics } from './model-registry.js';

/** The report URIs of `godwit models register`'s flags, by kind. */
export interface ReportUris {
  readonly modelQualityStatistics?: string;
  readonly modelQualityConstraints?: string;
  readonly dataQualityStatistics?: string;
  readonly dataQualityConstraints?: string;
  readonly bias?: string;
  readonly explainability?: string;
}

const JSON_TYPE = 'application/json';

/** `ModelMetrics` from the flags' URIs (local paths made `file://` URIs); undefined when none was given. */
export function modelMetricsOf(uris: ReportUris, baseDir: string): ModelMetrics | undefined {
  const source = (uri: string | undefined): MetricsSource | undefined =>
    uri === undefined ? undefined : { contentType: JSON_TYPE, uri: normalizeUri(uri, { baseDir }) };
  const pair = (statistics?: string, constraints?: string) =>
    statistics || constraints
      ? { ...(statistics && { statistics: source(statistics) }), ...(constraints && { constraints: source(constraints) }) }
      : undefined;
  const metrics: ModelMetrics = {
    ...(pair(uris.modelQualityStatistics, uris.modelQualityConstraints) && {
      modelQuality: pair(uris.modelQualityStatistics, uris.modelQualityConstraints),
    }),
    ...(pair(uris.dataQualityStatistics, uris.dataQualityConstraints) && {
      modelDataQuality: pair(uris.dataQualityStatistics, uris.dataQualityConstraints),
    }),
    ...(uris.bias && { bias: { report: source(uris.bias) } }),
    ...(uris.explainability && { explainability: { report: source(uris.explainability) } }),
  };
  return Object.keys(metrics).length ? metrics : undefined;
}

/**
 * Every report's digest filled in where its file can be read, and the model quality statistics'
 * JSON (undefined when it was not given, cannot be read or is not JSON).
 */
export async function readReports(
  metrics: ModelMetrics,
  options: StoreOptions,
): Promise<{ modelMetrics: ModelMetrics; statistics?: unknown }> {
  let statistics: unknown;
  const read = async (s: MetricsSource | undefined, keep = false): Promise<MetricsSource | undefined> => {
    if (!s) return undefined;
    const bytes = await fetchBytes(s.uri, options);
    if (bytes && keep) {
      try {
        statistics = JSON.parse(bytes.toString('utf8'));
      } catch {
        statistics = undefined;
      }
    }
    if (s.digest || !bytes) return s;
    return { ...s, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
  };
  const [mqs, mqc, dqs, dqc, bias, pre, post, explain] = await Promise.all([
    read(metrics.modelQuality?.statistics, true),
    read(metrics.modelQuality?.constraints),
    read(metrics.modelDataQuality?.statistics),
    read(metrics.modelDataQuality?.constraints),
    read(metrics.bias?.report),
    read(metrics.bias?.preTrainingReport),
    read(metrics.bias?.postTrainingReport),
    read(metrics.explainability?.report),
  ]);
  const modelMetrics: ModelMetrics = strip({
    modelQuality: metrics.modelQuality && strip({ statistics: mqs, constraints: mqc }),
    modelDataQuality: metrics.modelDataQuality && strip({ statistics: dqs, constraints: dqc }),
    bias: metrics.bias && strip({ report: bias, preTrainingReport: pre, postTrainingReport: post }),
    explainability: metrics.explainability && strip({ report: explain }),
  });
  return { modelMetrics, statistics };
}

async function fetchBytes(uri: string, options: StoreOptions): Promise<Buffer | undefined> {
  try {
    const { store, key } = await objectIn(uri, options);
    return await store.get(key);
  } catch {
    return undefined;
  }
}

/** The object without its undefined fields, so what is stored reads back equal. */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
