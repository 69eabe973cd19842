import { periodBuckets } from '../../../metrics/metric-query.js';
import { PLAIN_STATISTICS, percentileOf } from '../../../metrics/metric-statistics.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { combination, dimensions, type In, invalidValue, list, missing, num, reqStr, reqTime, str } from './cloudwatch-input.js';

/** CloudWatch's limit on the datapoints one GetMetricStatistics call may ask for. */
export const MAX_DATAPOINTS = 1440;

/**
 * GetMetricStatistics: `Statistics` or `ExtendedStatistics` (not both, as CloudWatch documents),
 * at most 1,440 datapoints; a percentile the store leaves out of a period is left out of its
 * `ExtendedStatistics`.
 */
export async function getMetricStatistics(input: In, context: ServerContext): Promise<object> {
  const metricName = reqStr(input, 'MetricName');
  const statistics = list(input, 'Statistics').map((s, i) => {
    if (!(PLAIN_STATISTICS as readonly unknown[]).includes(s)) {
      throw invalidValue(
        `The parameter Statistics.member.${i + 1} must be a value in the set [ ${PLAIN_STATISTICS.join(', ')} ].`,
      );
    }
    return s as string;
  });
  const extended = list(input, 'ExtendedStatistics').map((s) => {
    percentileOf(String(s));
    return String(s);
  });
  if (statistics.length > 0 && extended.length > 0)
    throw combination('Must specify either Statistics or ExtendedStatistics, but not both.');
  if (statistics.length + extended.length === 0) throw missing('Statistics or ExtendedStatistics');
  const period = num(input, 'Period');
  if (period === undefined) throw missing('Period');
  const query = {
    namespace: reqStr(input, 'Namespace'),
    metricName,
    dimensions: dimensions(input, 'Dimensions'),
    start: reqTime(input, 'StartTime'),
    end: reqTime(input, 'EndTime'),
    period,
    statistics: [...statistics, ...extended],
    unit: str(input, 'Unit'),
  };
  const { count } = periodBuckets(query);
  if (count > MAX_DATAPOINTS) {
    throw combination(
      `You have requested up to ${count} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const points = await context.services.metadata.metrics.statistics(query);
  return {
    Label: metricName,
    Datapoints: points.map((p) => ({
      Timestamp: p.timestamp,
      ...Object.fromEntries(statistics.map((s) => [s, p.values[s]])),
      Unit: p.unit,
      ...(extended.length > 0
        ? { ExtendedStatistics: Object.fromEntries(extended.filter((s) => s in p.values).map((s) => [s, p.values[s]])) }
        : {}),
    })),
  };
}

const PAGE = 500;

/** ListMetrics: series with data in the last two weeks, filtered by dimension names (and values), 500 a page. */
export async function listMetrics(input: In, context: ServerContext): Promise<object> {
  if (str(input, 'RecentlyActive') !== undefined) {
    throw invalidValue(
      'RecentlyActive is not supported by Godwit: ListMetrics lists every metric with data in the last two weeks.',
    );
  }
  const filters = list(input, 'Dimensions').map((f, i) => {
    const item = (f ?? {}) as In;
    return {
      name: reqStr(item, 'Name', `Dimensions.member.${i + 1}.Name`),
      value: str(item, 'Value', `Dimensions.member.${i + 1}.Value`),
    };
  });
  const all = (await context.services.metadata.metrics.list(str(input, 'Namespace'), str(input, 'MetricName'))).filter((m) =>
    filters.every((f) => Object.hasOwn(m.dimensions, f.name) && (f.value === undefined || m.dimensions[f.name] === f.value)),
  );
  const keyOf = (m: (typeof all)[number]) => JSON.stringify([m.namespace, m.metricName, m.dimensions]);
  const token = str(input, 'NextToken');
  let start = 0;
  if (token) {
    const at = all.findIndex((m) => Buffer.from(keyOf(m)).toString('base64url') === token);
    if (at < 0) throw new AwsError('InvalidNextToken', 'The NextToken is not valid for this request.');
    start = at + 1;
  }
  const slice = all.slice(start, start + PAGE);
  return {
    Metrics: slice.map((m) => ({
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
    })),
    NextToken: start + PAGE < all.length ? Buffer.from(keyOf(slice[slice.length - 1])).toString('base64url') : undefined,
  };
}
