import { percentileOf } from '../../../metrics/metric-statistics.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import { bool, dimensions, type In, invalidValue, list, missing, num, obj, reqStr, reqTime, str } from './cloudwatch-input.js';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

interface StatQuery {
  readonly id: string;
  readonly label: string;
  readonly returnData: boolean;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly period: number;
  readonly stat: string;
  readonly unit?: string;
}

interface Result {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: 'Complete' | 'PartialData';
  Messages: never[];
}

/**
 * GetMetricData for `MetricStat` queries: one series per query, newest first unless
 * `ScanBy: TimestampAscending`, paged by `MaxDatapoints` over all results in order (the token is
 * how many datapoints were returned before). Metric math and Metrics Insights expressions are
 * refused with InvalidParameterValue, naming the query: Godwit does not evaluate them.
 */
export async function getMetricData(input: In, context: ServerContext): Promise<object> {
  const items = list(input, 'MetricDataQueries');
  if (items.length === 0) throw missing('MetricDataQueries');
  if (items.length > MAX_QUERIES)
    throw invalidValue(`The collection MetricDataQueries must not have more than ${MAX_QUERIES} members.`);
  const start = reqTime(input, 'StartTime');
  const end = reqTime(input, 'EndTime');
  const scanBy = str(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw invalidValue(`The value ${scanBy} for parameter ScanBy is not TimestampDescending or TimestampAscending.`);
  }
  const max = num(input, 'MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
  if (!Number.isInteger(max) || max < 1)
    throw invalidValue(`The value ${max} for parameter MaxDatapoints is not a positive integer.`);
  const seen = new Set<string>();
  const queries = items.map((q, i) => statQuery((q ?? {}) as In, `MetricDataQueries.member.${i + 1}`, seen));
  const results: Result[] = [];
  for (const q of queries) {
    const points = await context.services.metadata.metrics.statistics({ ...q, start, end, statistics: [q.stat] });
    const kept = points.filter((p) => q.stat in p.values);
    if (scanBy === 'TimestampDescending') kept.reverse();
    if (!q.returnData) continue;
    const r: Result = { Id: q.id, Label: q.label, Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [] };
    for (const p of kept) {
      r.Timestamps.push(p.timestamp);
      r.Values.push(p.values[q.stat]);
    }
    results.push(r);
  }
  return pageResults(results, str(input, 'NextToken'), max);
}

function statQuery(q: In, at: string, seen: Set<string>): StatQuery {
  const id = reqStr(q, 'Id', `${at}.Id`);
  if (!ID.test(id))
    throw invalidValue(
      `The value ${id} for parameter ${at}.Id must start with a lowercase letter and hold only letters, digits and _.`,
    );
  if (seen.has(id)) throw invalidValue(`The value ${id} for parameter ${at}.Id is used by another query.`);
  seen.add(id);
  if (str(q, 'Expression', `${at}.Expression`) !== undefined) {
    throw invalidValue(
      `Godwit does not evaluate metric math or Metrics Insights expressions (${at}.Expression); ask for each metric with MetricStat and combine the series yourself.`,
    );
  }
  const stat = obj(q, 'MetricStat', `${at}.MetricStat`);
  if (!stat) throw missing(`${at}.MetricStat`);
  const metric = obj(stat, 'Metric', `${at}.MetricStat.Metric`);
  if (!metric) throw missing(`${at}.MetricStat.Metric`);
  const name = reqStr(stat, 'Stat', `${at}.MetricStat.Stat`);
  percentileOf(name);
  const period = num(stat, 'Period', `${at}.MetricStat.Period`);
  if (period === undefined) throw missing(`${at}.MetricStat.Period`);
  const metricName = reqStr(metric, 'MetricName', `${at}.MetricStat.Metric.MetricName`);
  return {
    id,
    label: str(q, 'Label', `${at}.Label`) ?? metricName,
    returnData: bool(q, 'ReturnData', `${at}.ReturnData`) ?? true,
    namespace: reqStr(metric, 'Namespace', `${at}.MetricStat.Metric.Namespace`),
    metricName,
    dimensions: dimensions(metric, 'Dimensions', `${at}.MetricStat.Metric.Dimensions`),
    period,
    stat: name,
    unit: str(stat, 'Unit', `${at}.MetricStat.Unit`),
  };
}

/** At most `max` datapoints after the `skip` the token says were returned already. */
function pageResults(results: Result[], token: string | undefined, max: number): object {
  const skip =
    token === undefined
      ? 0
      : Number(
          Buffer.from(token, 'base64url')
            .toString('utf8')
            .replace(/^godwit:/, ''),
        );
  if (!Number.isInteger(skip) || skip < 0) throw new AwsError('InvalidNextToken', 'The NextToken is not valid for this request.');
  let before = 0;
  let room = max;
  let total = 0;
  for (const r of results) {
    const n = r.Timestamps.length;
    total += n;
    const from = Math.min(Math.max(skip - before, 0), n);
    const take = Math.min(n - from, room);
    r.Timestamps = r.Timestamps.slice(from, from + take);
    r.Values = r.Values.slice(from, from + take);
    if (from + take < n) r.StatusCode = 'PartialData';
    before += n;
    room -= take;
  }
  const returned = skip + (max - room);
  return {
    MetricDataResults: results,
    NextToken: returned < total ? Buffer.from(`godwit:${returned}`).toString('base64url') : undefined,
    Messages: [],
  };
}
