import type { MetricDatum } from '../../../metrics/metric-store.js';
import type { ServerContext } from '../../server-context.js';
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
  str,
  time,
} from './cloudwatch-input.js';

/** CloudWatch's StandardUnit values. */
export const UNITS = new Set(
  'Seconds Microseconds Milliseconds Bytes Kilobytes Megabytes Gigabytes Terabytes Bits Kilobits Megabits Gigabits Terabits Percent Count Bytes/Second Kilobytes/Second Megabytes/Second Gigabytes/Second Terabytes/Second Bits/Second Kilobits/Second Megabits/Second Gigabits/Second Terabits/Second Count/Second None'.split(
    ' ',
  ),
);

/** CloudWatch's limits on one call: datums, and distinct values in one datum. */
const MAX_DATA = 1000;
const MAX_VALUES = 150;

/**
 * PutMetricData: the datums as CloudWatch checks them (field by field, naming
 * `MetricData.member.N.<Field>`), then one `put` on the store, which refuses the rest (timestamps
 * outside two weeks back and two hours ahead, NaN, …) as InvalidParameterValue; all or nothing.
 */
export async function putMetricData(input: In, context: ServerContext): Promise<object> {
  const namespace = reqStr(input, 'Namespace');
  if (namespace.startsWith('AWS/')) {
    throw invalidValue(`The value ${namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved.`);
  }
  const items = list(input, 'MetricData');
  if (items.length === 0) throw missing('MetricData');
  if (items.length > MAX_DATA) {
    throw invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATA} (it has ${items.length}).`);
  }
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
  if (given.length > 1) {
    const names = given.map((g) => `${at}.${g}`).join(' and ');
    throw combination(`The parameters ${names} are mutually exclusive and you have specified more than one.`);
  }
  if (given.length === 0) throw missing(`${at}.Value, ${at}.Values or ${at}.StatisticValues`);
  if (values.length > MAX_VALUES)
    throw invalidValue(`The collection ${at}.Values must not have a size greater than ${MAX_VALUES}.`);
  if (counts.length > 0 && counts.length !== values.length) {
    throw combination(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
  }
  const unit = str(m, 'Unit', `${at}.Unit`);
  if (unit !== undefined && !UNITS.has(unit))
    throw invalidValue(`The value ${unit} for parameter ${at}.Unit is not a CloudWatch unit.`);
  const resolution = num(m, 'StorageResolution', `${at}.StorageResolution`);
  if (resolution !== undefined && resolution !== 1 && resolution !== 60) {
    throw invalidValue(`The value ${resolution} for parameter ${at}.StorageResolution is not 1 or 60.`);
  }
  return {
    namespace,
    metricName: reqStr(m, 'MetricName', `${at}.MetricName`),
    dimensions: dimensions(m, 'Dimensions', `${at}.Dimensions`),
    timestamp: time(m, 'Timestamp', `${at}.Timestamp`) ?? now,
    unit,
    storageResolution: resolution as 1 | 60 | undefined,
    ...(value !== undefined ? { value } : {}),
    ...(values.length > 0 ? { values, ...(counts.length > 0 ? { counts } : {}) } : {}),
    ...(set ? { statisticValues: statisticSet(set, `${at}.StatisticValues`) } : {}),
  };
}

function statisticSet(set: In, at: string): NonNullable<MetricDatum['statisticValues']> {
  const field = (f: string) => {
    const v = num(set, f, `${at}.${f}`);
    if (v === undefined) throw missing(`${at}.${f}`);
    return v;
  };
  return { sampleCount: field('SampleCount'), sum: field('Sum'), minimum: field('Minimum'), maximum: field('Maximum') };
}
