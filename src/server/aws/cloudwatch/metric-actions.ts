import { periodBuckets } from '../../../metrics/metric-query.js';
import { PLAIN_STATISTICS, percentileOf } from '../../../metrics/metric-statistics.js';
import type { MetricDatum } from '../../../metrics/metric-store.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import {
  combination,
  dimensions,
  type In,
  invalidValue,
  list,
  missing,
  num,
  numbers,
  obj,
  reqStr,
  reqTime,
  str,
  time,
} from './cloudwatch-input.js';

/** CloudWatch's StandardUnit values. */
export const UNITS = new Set(
  'Seconds Microseconds Milliseconds Bytes Kilobytes Megabytes Gigabytes Terabytes Bits Kilobits Megabits Gigabits Terabits Percent Count Bytes/Second Kilobytes/Second Megabytes/Second Gigabytes/Second Terabytes/Second Bits/Second Kilobits/Second Megabits/Second Gigabits/Second Terabits/Second Count/Second None'.split(
    ' ',
  ),
);
/** CloudWatch's limit on the datapoints one GetMetricStatistics call may ask for. */
export const MAX_DATAPOINTS = 1440;

export async function putMetricData(input: In, context: ServerContext): Promise<object> {
  const namespace = reqStr(input, 'Namespace');
  if (namespace.startsWith('AWS/')) {
    throw invalidValue(`The value ${namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved.`);
  }
  const items = list(input, 'MetricData');
  if (items.length === 0) throw missing('MetricData');
  if (items.length > 1000)
    throw invalidValue(`The collection MetricData must not have a size greater than 1000 (it has ${items.length}).`);
  const now = context.services.clock.now();
  const data = items.map((m, i) => datumOf(namespace, (m ?? {}) as In, `MetricData.member.${i + 1}`, now));
  await context.services.metadata.metrics.put(data);
  return {};
}

function datumOf(namespace: string, m: In, at: string, now: Date): MetricDatum {
  const value = num(m, 'Value', `${at}.Value`);
  const values = numbers(m, 'Values', `${at}.Values`);
  const counts = numbers(m, 'Counts', `${at}.Counts`);
  const set = obj(m, 'StatisticValues', `${at}.StatisticValues`);
  const given = [value !== undefined && 'Value', values.length > 0 && 'Values', set && 'StatisticValues'].filter(Boolean);
  if (given.length > 1)
    throw combination(
      `The parameters ${given.map((g) => `${at}.${g}`).join(' and ')} are mutually exclusive and you have specified more than one.`,
    );
  if (given.length === 0) throw missing(`${at}.Value, ${at}.Values or ${at}.StatisticValues`);
  if (values.length > 150) throw invalidValue(`The collection ${at}.Values must not have a size greater than 150.`);
  if (counts.length > 0 && counts.length !== values.length)
    throw combination(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
  const unit = str(m, 'Unit', `${at}.Unit`);
  if (unit !== undefined && !UNITS.has(unit))
    throw invalidValue(`The value ${unit} for parameter ${at}.Unit is not a CloudWatch unit.`);
  const resolution = num(m, 'StorageResolution', `${at}.StorageResolution`);
  if (resolution !== undefined && resolution !== 1 && resolution !== 60)
    throw invalidValue(`The value ${resolution} for parameter ${at}.StorageResolution is not 1 or 60.`);
  const stat = (f: string) => {
    const v = num(set as In, f, `${at}.StatisticValues.${f}`);
    if (v === undefined) throw missing(`${at}.StatisticValues.${f}`);
    return v;
  };
  return {
    namespace,
    metricName: reqStr(m, 'MetricName', `${at}.MetricName`),
    dimensions: dimensions(m, 'Dimensions', `${at}.Dimensions`),
    timestamp: time(m, 'Timestamp', `${at}.Timestamp`) ?? now,
    unit,
    storageResolution: resolution as 1 | 60 | undefined,
    ...(value !== undefined ? { value } : {}),
    ...(values.length > 0 ? { values, ...(counts.length > 0 ? { counts } : {}) } : {}),
    ...(set
      ? {
          statisticValues: {
            sampleCount: stat('SampleCount'),
            sum: stat('Sum'),
            minimum: stat('Minimum'),
            maximum: stat('Maximum'),
          },
        }
      : {}),
  };
}

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
